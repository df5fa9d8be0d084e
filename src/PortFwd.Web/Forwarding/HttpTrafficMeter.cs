using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace PortFwd.Web.Forwarding;

/// <summary>
/// Lock-free per-rule counters of HTTP rules, kept where the requests flow: a step of each port host's
/// proxy pipeline counts requests, body bytes each way, status classes and upstream latency. Readers
/// take a snapshot in O(rules) without allocating.
/// </summary>
public sealed class HttpTrafficMeter
{
    private readonly Lock _gate = new();
    private volatile RuleCountersEntry[] _all = [];
    private Dictionary<int, HttpRuleCounters> _byId = [];

    /// <summary>The counters of one rule, created on first use; cumulative for the life of the process.</summary>
    public HttpRuleCounters For(int ruleId)
    {
        if (Volatile.Read(ref _byId).TryGetValue(ruleId, out var counters))
        {
            return counters;
        }

        lock (_gate)
        {
            if (_byId.TryGetValue(ruleId, out counters))
            {
                return counters;
            }

            counters = new HttpRuleCounters();
            // Copy on write: request threads and the sampler read without locks.
            Volatile.Write(ref _byId, new Dictionary<int, HttpRuleCounters>(_byId) { [ruleId] = counters });
            _all = [.. _all, new RuleCountersEntry(ruleId, counters)];
            return counters;
        }
    }

    /// <summary>Drops a deleted rule's counters.</summary>
    public void Forget(int ruleId)
    {
        lock (_gate)
        {
            if (!_byId.ContainsKey(ruleId))
            {
                return;
            }

            var byId = new Dictionary<int, HttpRuleCounters>(_byId);
            byId.Remove(ruleId);
            Volatile.Write(ref _byId, byId);
            _all = [.. _all.Where(e => e.RuleId != ruleId)];
        }
    }

    /// <summary>Clears <paramref name="into"/> and fills it with every rule's counters.</summary>
    public void Snapshot(List<(int RuleId, HttpCounters Counters)> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        foreach (var entry in _all)
        {
            into.Add((entry.RuleId, entry.Counters.Read()));
        }
    }

    /// <summary>
    /// Starts counting one request of a rule: its bodies (and an upgraded connection) are read and written
    /// through counting streams until <see cref="RequestCount.Complete"/>.
    /// </summary>
    internal static RequestCount Start(HttpContext context, HttpRuleCounters counters)
    {
        var request = new CountingStream(context.Request.Body, counters);
        var response = new CountingStream(context.Response.Body, counters);
        context.Request.Body = request;
        context.Response.Body = response;
        context.Response.OnStarting(static state => ((CountingStream)state).OnResponseStarting(), response);
        // WebSockets and other upgrades: the forwarder copies the upgraded streams directly, so count those too.
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new CountingUpgradeFeature(upgrade, counters));
        }

        Interlocked.Increment(ref counters.Active);
        return new RequestCount(context, counters, request, response);
    }

    /// <summary>One request being counted; <see cref="Complete"/> once it is over, whatever happened.</summary>
    internal readonly struct RequestCount
    {
        private readonly HttpContext _context;
        private readonly HttpRuleCounters _counters;
        private readonly CountingStream _request;
        private readonly CountingStream _response;

        internal RequestCount(HttpContext context, HttpRuleCounters counters, CountingStream request, CountingStream response)
        {
            _context = context;
            _counters = counters;
            _request = request;
            _response = response;
        }

        /// <param name="forwarded">Whether the request was sent on to the service (false: answered here).</param>
        /// <param name="upstreamFailed">Whether reaching the service or reading its answer failed.</param>
        public void Complete(bool forwarded, bool upstreamFailed)
        {
            Interlocked.Decrement(ref _counters.Active);
            _context.Request.Body = _request.Inner;
            _context.Response.Body = _response.Inner;
            _counters.Complete(_context.Response.StatusCode, forwarded, upstreamFailed);
        }
    }

    private sealed record RuleCountersEntry(int RuleId, HttpRuleCounters Counters);

    private sealed class CountingUpgradeFeature(IHttpUpgradeFeature inner, HttpRuleCounters counters) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync() => new CountingStream(await inner.UpgradeAsync(), counters, ownsInner: true);
    }

    /// <summary>
    /// A stream on the client side of a request: what is read from it came from the client (bytes in),
    /// what is written to it goes to the client (bytes out). Wraps the request body, the response body
    /// and upgraded connections alike.
    /// </summary>
    internal sealed class CountingStream(Stream inner, HttpRuleCounters counters, bool ownsInner = false) : Stream
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public Stream Inner => inner;

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        /// <summary>The response headers are about to go: the upstream answered.</summary>
        public Task OnResponseStarting()
        {
            Interlocked.Add(ref counters.LatencyMicros, (long)Stopwatch.GetElapsedTime(_started).TotalMicroseconds);
            return Task.CompletedTask;
        }

        public override int Read(byte[] buffer, int offset, int count) => In(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => In(inner.Read(buffer));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            In(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            In(await inner.ReadAsync(buffer, cancellationToken));

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Interlocked.Add(ref counters.BytesOut, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Interlocked.Add(ref counters.BytesOut, buffer.Length);
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(buffer.AsMemory(offset, count), cancellationToken);
            Interlocked.Add(ref counters.BytesOut, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Interlocked.Add(ref counters.BytesOut, buffer.Length);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            if (ownsInner)
            {
                await inner.DisposeAsync();
            }

            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && ownsInner)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int In(int read)
        {
            if (read > 0)
            {
                Interlocked.Add(ref counters.BytesIn, read);
            }

            return read;
        }
    }
}

/// <summary>A snapshot of one HTTP rule's counters (cumulative, except <see cref="Active"/>).</summary>
public readonly record struct HttpCounters(
    long Requests, long BytesIn, long BytesOut, long Status2xx, long Status3xx, long Status4xx, long Status5xx,
    long Refused, long UpstreamFailed, long LatencyMicros, long Active);

/// <summary>Live counters of one HTTP rule, updated with <see cref="Interlocked"/>.</summary>
public sealed class HttpRuleCounters
{
    internal long Requests;
    internal long BytesIn;
    internal long BytesOut;
    internal long Status2xx;
    internal long Status3xx;
    internal long Status4xx;
    internal long Status5xx;
    internal long Refused;
    internal long UpstreamFailed;
    internal long LatencyMicros;
    internal long Active;

    public HttpCounters Read() => new(
        Volatile.Read(ref Requests), Volatile.Read(ref BytesIn), Volatile.Read(ref BytesOut),
        Volatile.Read(ref Status2xx), Volatile.Read(ref Status3xx), Volatile.Read(ref Status4xx), Volatile.Read(ref Status5xx),
        Volatile.Read(ref Refused), Volatile.Read(ref UpstreamFailed), Volatile.Read(ref LatencyMicros), Volatile.Read(ref Active));

    internal void Complete(int status, bool forwarded, bool upstreamFailed)
    {
        Interlocked.Increment(ref Requests);
        switch (status / 100)
        {
            case 2: Interlocked.Increment(ref Status2xx); break;
            case 3: Interlocked.Increment(ref Status3xx); break;
            case 4: Interlocked.Increment(ref Status4xx); break;
            case 5: Interlocked.Increment(ref Status5xx); break;
        }

        // Answered here without reaching the service: the allow-list said no.
        if (!forwarded && status == StatusCodes.Status403Forbidden)
        {
            Interlocked.Increment(ref Refused);
        }

        if (upstreamFailed)
        {
            Interlocked.Increment(ref UpstreamFailed);
        }
    }
}
