using System.Numerics;

namespace PortFwd.WebSocket.Bench;

/// <summary>
/// Round-trip times in microseconds, counted in buckets (exact below 128 µs, then 64 buckets per power of two,
/// under 1.6 % apart), so memory stays fixed however many messages a run sends.
/// </summary>
internal sealed class RoundTripHistogram
{
    private const int Exact = 128;
    private const int SubBits = 6;
    private const int MaxExponent = 40;
    private readonly long[] _counts = new long[Exact + ((MaxExponent - 7) << SubBits)];

    public long Count { get; private set; }

    public void Record(long microseconds)
    {
        _counts[Bucket(Math.Clamp(microseconds, 0, (1L << MaxExponent) - 1))]++;
        Count++;
    }

    public void Add(RoundTripHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The round trip <paramref name="fraction"/> of the messages took at most, in µs; null without messages.</summary>
    public double? Percentile(double fraction)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(rank, 1))
            {
                return Middle(i);
            }
        }

        return Middle(_counts.Length - 1);
    }

    private static int Bucket(long value)
    {
        if (value < Exact)
        {
            return (int)value;
        }

        var exponent = BitOperations.Log2((ulong)value);
        var sub = (int)(value >> (exponent - SubBits)) & ((1 << SubBits) - 1);
        return Exact + ((exponent - 7) << SubBits) + sub;
    }

    private static double Middle(int bucket)
    {
        if (bucket < Exact)
        {
            return bucket;
        }

        var exponent = ((bucket - Exact) >> SubBits) + 7;
        var sub = (bucket - Exact) & ((1 << SubBits) - 1);
        var low = (1L << exponent) + ((long)sub << (exponent - SubBits));
        return low + ((1L << (exponent - SubBits)) / 2.0);
    }
}
