using System.Net;
using PortFwd.Relay.Rules;

namespace PortFwd.Relay.Connections;

/// <summary>
/// The last <see cref="Capacity"/> refused attempts of one rule in a fixed ring: recording one copies a few
/// values into a slot under a short lock and allocates nothing, so a flood of refusals costs little more than
/// the refusals themselves. Anything that refuses a client (allow-list, caps, blocklist, rate limits) records it here.
/// </summary>
internal sealed class RefusalLog
{
    /// <summary>How many refused attempts are kept; older ones are overwritten.</summary>
    public const int Capacity = 100;

    private readonly Lock _lock = new();
    private readonly Entry[] _entries = new Entry[Capacity];
    private readonly TimeProvider _time;
    private long _recorded;

    public RefusalLog(TimeProvider time) => _time = time;

    /// <summary>Records a refusal of <paramref name="source"/> (the port is not kept).</summary>
    public void Record(in PackedEndPoint source, RefusalReason reason)
    {
        var timestamp = _time.GetTimestamp();
        lock (_lock)
        {
            _entries[(int)(_recorded % Capacity)] = new Entry(source, timestamp, reason);
            _recorded++;
        }
    }

    /// <summary>Records a refusal of <paramref name="source"/>.</summary>
    public void Record(IPAddress source, RefusalReason reason) => Record(PackedEndPoint.From(source, 0), reason);

    /// <summary>The kept refusals, newest first.</summary>
    public List<RefusedAttempt> Read()
    {
        var clock = new WallClock(_time);
        var entries = new Entry[Capacity];
        long recorded;
        lock (_lock)
        {
            recorded = _recorded;
            _entries.CopyTo(entries, 0);
        }

        var count = (int)Math.Min(recorded, Capacity);
        var list = new List<RefusedAttempt>(count);
        for (var i = 1; i <= count; i++)
        {
            var entry = entries[(int)((recorded - i) % Capacity)];
            list.Add(new RefusedAttempt(entry.Source.ToAddress(), clock.At(entry.Timestamp), entry.Reason));
        }

        return list;
    }

    private readonly record struct Entry(PackedEndPoint Source, long Timestamp, RefusalReason Reason);
}
