using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PortFwd.Relay.Linux;

namespace PortFwd.Relay.Udp;

/// <summary>
/// Receives one datagram without waiting, and says when the socket has been drained. .NET has no
/// non-throwing, non-blocking receive-from; on Linux this is one recvfrom(MSG_DONTWAIT), elsewhere
/// an <see cref="Socket.Available"/> check before a receive that then cannot block.
/// </summary>
internal static unsafe class NonBlockingReceive
{
    public static SocketError TryReceiveFrom(Socket socket, Span<byte> buffer, SocketAddress from, out int read)
    {
        if (!OperatingSystem.IsLinux())
        {
            return PortableTryReceiveFrom(socket, buffer, from, out read);
        }

        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var address = from.Buffer.Span;
            fixed (byte* data = buffer)
            fixed (byte* addressBytes = address)
            {
                var addressLength = address.Length;
                var received = LinuxSockets.ReceiveFrom((int)handle.DangerousGetHandle(), data, (nuint)buffer.Length, LinuxSockets.MsgDontWait, addressBytes, &addressLength);
                if (received >= 0)
                {
                    read = (int)received;
                    from.Size = addressLength;
                    return SocketError.Success;
                }
            }

            read = 0;
            return Marshal.GetLastPInvokeError() switch
            {
                LinuxSockets.EAgain => SocketError.WouldBlock,
                LinuxSockets.EConnRefused => SocketError.ConnectionRefused,
                _ => SocketError.SocketError,
            };
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static SocketError PortableTryReceiveFrom(Socket socket, Span<byte> buffer, SocketAddress from, out int read)
    {
        read = 0;
        if (socket.Available == 0)
        {
            return SocketError.WouldBlock;
        }

        try
        {
            read = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }
}
