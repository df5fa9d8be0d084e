namespace PortFwd.Relay.Tests.Limits;

/// <summary>
/// Rate-limit tests check a duration (4 MiB at 1,024 KB/s in 3.5–5 s): they run alone, not beside the other relay
/// tests moving bulk data on the same cores, so their time is the pacing and not the machine's other work.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PacedCollection
{
    public const string Name = "Paced relay tests";
}
