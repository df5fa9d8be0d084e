using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace PortFwd.Testing.Testbed;

/// <summary>Runs socket code inside another network namespace of the testbed: pf-wan plays the internet.
/// setns(2) switches only the calling thread, so a dedicated thread does it; its sockets stay there.</summary>
public static class Netns
{
    private const int CloneNewNet = 0x40000000;

    public static Task<T> RunAsync<T>(string ns, Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using var fd = File.OpenHandle($"/run/netns/{ns}");
                if (SetNs(fd.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns {ns} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                done.SetResult(action());
            }
#pragma warning disable CA1031 // handed to the awaiting test
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = "netns " + ns };
        thread.Start();
        return done.Task;
    }

    /// <summary>From the internet: a new TCP connection to the router's public address; the first bytes the LAN
    /// host sends, or null when the router drops it (closed ports time out, they do not refuse).</summary>
    public static Task<string?> TcpFromInternetAsync(TestbedEnv env, int port, TimeSpan? timeout = null) =>
        RunAsync(env.WanNamespace, () =>
        {
            var limit = timeout ?? TimeSpan.FromSeconds(2.5);
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                var connect = s.ConnectAsync(env.RouterWan, port);
                if (!connect.Wait(limit))
                {
                    return null;
                }

                s.ReceiveTimeout = (int)limit.TotalMilliseconds;
                var buffer = new byte[128];
                var n = s.Receive(buffer);
                return (string?)Encoding.ASCII.GetString(buffer, 0, n);
            }
            catch (AggregateException e) when (e.InnerException is SocketException)
            {
                return null;
            }
            catch (SocketException)
            {
                return null;
            }
        });

    /// <summary>From the internet: one UDP datagram to the router's public address from a fresh port; the LAN
    /// host's reply, or null when none comes back in time.</summary>
    public static Task<string?> UdpFromInternetAsync(TestbedEnv env, int port, string payload, TimeSpan? timeout = null) =>
        RunAsync(env.WanNamespace, () =>
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Any, 0));
            s.ReceiveTimeout = (int)(timeout ?? TimeSpan.FromSeconds(2.5)).TotalMilliseconds;
            s.SendTo(Encoding.ASCII.GetBytes(payload), new IPEndPoint(env.RouterWan, port));
            var buffer = new byte[256];
            try
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                var n = s.ReceiveFrom(buffer, ref from);
                return (string?)Encoding.ASCII.GetString(buffer, 0, n);
            }
            catch (SocketException)
            {
                return null;
            }
        });

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the test project for one call
    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);
#pragma warning restore SYSLIB1054
}
