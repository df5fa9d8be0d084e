using System.Runtime.InteropServices;
using PortFwd.Data.Traffic;

namespace PortFwd.Web.Traffic;

/// <summary>
/// The sampler's state of one rule: the last reading of each source, a ring of 1-second samples, the
/// minute and hour figures not yet in the database, and the lifetime totals. Not thread-safe: the
/// sampler guards it with its lock.
/// </summary>
internal sealed class RuleTraffic(int ruleId, int sources, int liveSeconds)
{
    private SecondSample[]? _ring;
    private long _ringSecond = long.MinValue;

    public int RuleId { get; } = ruleId;

    public TrafficCounts[] Last { get; } = new TrafficCounts[sources];

    public TrafficReading[] Readings { get; } = new TrafficReading[sources];

    public long[] SeenInGeneration { get; } = new long[sources];

    public bool[] HasLast { get; } = new bool[sources];

    public List<Bucket> PendingMinutes { get; } = [];

    public List<Bucket> PendingHours { get; } = [];

    public TrafficCounts PendingTotal;

    public TrafficCounts Lifetime;

    public bool Dirty { get; set; }

    public TrafficGauges Gauges
    {
        get
        {
            long connections = 0, udp = 0, requests = 0;
            for (var i = 0; i < Readings.Length; i++)
            {
                if (HasLast[i])
                {
                    connections += Readings[i].ActiveConnections;
                    udp += Readings[i].ActiveUdpSessions;
                    requests += Readings[i].ActiveRequests;
                }
            }

            return new TrafficGauges(connections, udp, requests);
        }
    }

    /// <summary>Adds what happened in the second ending at <paramref name="second"/> (Unix seconds).</summary>
    public void Record(long second, in TrafficCounts delta, long active)
    {
        var quiet = delta.IsZero && active == 0;
        if (_ring is null)
        {
            if (quiet)
            {
                return;
            }

            // Rules that never carry traffic never get a ring.
            _ring = new SecondSample[liveSeconds];
        }

        if (second > _ringSecond)
        {
            // Seconds with no tick (or no rule) read as zero.
            var from = _ringSecond == long.MinValue ? second : Math.Max(_ringSecond + 1, second - liveSeconds + 1);
            for (var s = from; s <= second; s++)
            {
                _ring[Slot(s)] = default;
            }

            _ringSecond = second;
        }

        ref var slot = ref _ring[Slot(second)];
        slot.Add(delta);
        slot.Active = (int)Math.Min(active, int.MaxValue);
        if (quiet)
        {
            return;
        }

        AddPending(PendingMinutes, second - (second % 60), delta, active);
        AddPending(PendingHours, second - (second % 3600), delta, active);
        PendingTotal.Add(delta);
        Lifetime.Add(delta);
        Dirty = true;
    }

    /// <summary>The 1-second sample of <paramref name="second"/>; zero if none is held.</summary>
    public TrafficCounts At(long second) =>
        _ring is not null && second <= _ringSecond && second > _ringSecond - liveSeconds ? _ring[Slot(second)].ToCounts() : default;

    /// <summary>Bytes each way in <paramref name="second"/>, without building the whole sample.</summary>
    public (long In, long Out) BytesAt(long second)
    {
        if (_ring is null || second > _ringSecond || second <= _ringSecond - liveSeconds)
        {
            return (0, 0);
        }

        ref var slot = ref _ring[Slot(second)];
        return (slot.BytesIn, slot.BytesOut);
    }

    public static void AddPending(List<Bucket> pending, long start, in TrafficCounts delta, long active)
    {
        var buckets = CollectionsMarshal.AsSpan(pending);
        for (var i = buckets.Length - 1; i >= 0; i--)
        {
            if (buckets[i].Start == start)
            {
                buckets[i].Counts.Add(delta);
                buckets[i].PeakActive = Math.Max(buckets[i].PeakActive, active);
                return;
            }
        }

        pending.Add(new Bucket { Start = start, Counts = delta, PeakActive = active });
    }

    private int Slot(long second) => (int)(((second % liveSeconds) + liveSeconds) % liveSeconds);

    internal struct Bucket
    {
        public long Start;
        public TrafficCounts Counts;
        public long PeakActive;
    }

    /// <summary>One second of one rule, compact: 600 of these per rule stay in memory.</summary>
    private struct SecondSample
    {
        public long BytesIn;
        public long BytesOut;
        public long LatencyMicros;
        public int Connections;
        public int Refused;
        public int UpstreamFailed;
        public int IdleClosed;
        public int DatagramsIn;
        public int DatagramsOut;
        public int Requests;
        public int Status2xx;
        public int Status3xx;
        public int Status4xx;
        public int Status5xx;
        public int Active;

        public void Add(in TrafficCounts d)
        {
            BytesIn += d.BytesIn;
            BytesOut += d.BytesOut;
            LatencyMicros += d.LatencyMicros;
            Connections = Sum(Connections, d.Connections);
            Refused = Sum(Refused, d.Refused);
            UpstreamFailed = Sum(UpstreamFailed, d.UpstreamFailed);
            IdleClosed = Sum(IdleClosed, d.IdleClosed);
            DatagramsIn = Sum(DatagramsIn, d.DatagramsIn);
            DatagramsOut = Sum(DatagramsOut, d.DatagramsOut);
            Requests = Sum(Requests, d.Requests);
            Status2xx = Sum(Status2xx, d.Status2xx);
            Status3xx = Sum(Status3xx, d.Status3xx);
            Status4xx = Sum(Status4xx, d.Status4xx);
            Status5xx = Sum(Status5xx, d.Status5xx);
        }

        public readonly TrafficCounts ToCounts() => new()
        {
            BytesIn = BytesIn,
            BytesOut = BytesOut,
            LatencyMicros = LatencyMicros,
            Connections = Connections,
            Refused = Refused,
            UpstreamFailed = UpstreamFailed,
            IdleClosed = IdleClosed,
            DatagramsIn = DatagramsIn,
            DatagramsOut = DatagramsOut,
            Requests = Requests,
            Status2xx = Status2xx,
            Status3xx = Status3xx,
            Status4xx = Status4xx,
            Status5xx = Status5xx,
        };

        private static int Sum(int a, long b) => (int)Math.Min(a + b, int.MaxValue);
    }
}
