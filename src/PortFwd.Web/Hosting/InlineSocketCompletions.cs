namespace PortFwd.Web.Hosting;

/// <summary>
/// Socket completions run on the socket engine's thread instead of being queued to the thread pool: the
/// runtime's <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> switch, on unless the environment sets it.
/// An HTTP rule's request then goes from the client's socket to the service's and back without a thread
/// switch, which took about a sixth of the CPU per request (BENCHMARKS.md, "HTTP rules"). The price: code
/// that runs after an awaited socket operation must not block, or it holds up other sockets; nothing in the
/// panel waits synchronously on a socket (every relay socket is non-blocking).
/// </summary>
internal static class InlineSocketCompletions
{
    internal const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Turns the switch on unless it is set; only has an effect before the process's first socket.</summary>
    public static void EnableUnlessSet()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
