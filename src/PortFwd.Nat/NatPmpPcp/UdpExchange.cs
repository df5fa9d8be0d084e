using System.Net;
using System.Net.Sockets;

namespace PortFwd.Nat.NatPmpPcp;

/// <summary>One request/response exchange with a NAT-PMP or PCP server over UDP: retransmits with a doubling
/// interval, accepts answers only from the gateway's own address and port, gives up at the call timeout.</summary>
internal static class UdpExchange
{
    private const int MaxAttempts = 12;

    public static async Task<NatResult<byte[]>> SendAsync(
        IPEndPoint gateway, IPAddress localAddress, byte[] request, Func<byte[], bool> isAnswer,
        TimeSpan timeout, TimeSpan firstRetry, RouterProtocol protocol, CancellationToken cancellationToken)
    {
        using var socket = new Socket(gateway.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(timeout);
        var buffer = new byte[1100];
        var retry = firstRetry;
        try
        {
            socket.Bind(new IPEndPoint(localAddress, 0));
            for (var attempt = 0; attempt < MaxAttempts && !overall.IsCancellationRequested; attempt++)
            {
                await socket.SendToAsync(request, SocketFlags.None, gateway, overall.Token);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
                wait.CancelAfter(retry);
                try
                {
                    // Bounded by the wait token: stray datagrams are skipped until it fires.
                    while (true)
                    {
                        var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                        if (!gateway.Equals(received.RemoteEndPoint))
                        {
                            continue;
                        }

                        var answer = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
                        if (isAnswer(answer))
                        {
                            return NatResult<byte[]>.Ok(answer);
                        }
                    }
                }
                catch (OperationCanceledException) when (!overall.IsCancellationRequested)
                {
                    retry += retry;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the call timeout: reported below
        }
        catch (SocketException e)
        {
            return new NatError(NatErrorKind.Transport, $"Could not talk to the {protocol.ToDisplayName()} server at {gateway}: {e.Message}.")
            { Protocol = protocol };
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new NatError(NatErrorKind.NoResponse, $"The {protocol.ToDisplayName()} server at {gateway} did not answer within {timeout.TotalSeconds:0.#} s.")
        { Protocol = protocol };
    }
}
