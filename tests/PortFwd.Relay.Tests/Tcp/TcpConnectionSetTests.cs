using Microsoft.Extensions.Time.Testing;
using PortFwd.Relay.Connections;
using PortFwd.Relay.Tcp;
using PortFwd.Relay.Tests.Support;

namespace PortFwd.Relay.Tests.Tcp;

public sealed class TcpConnectionSetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Closing_the_set_closes_every_connection_and_counts_them()
    {
        var rule = TestRule.Context(new FakeTimeProvider());
        var set = new TcpConnectionSet(rule);
        var connections = Enumerable.Range(0, 3).Select(_ => Admit(set)).ToList();

        set.StopAdmitting();
        var closed = await set.CloseAllAsync(drainTimeout: null, Ct).WaitAsync(Net.Guard, Ct);

        Assert.Equal(3, closed);
        Assert.All(connections, c => Assert.True(c.Closed));
        Assert.Equal(0, rule.Counters.Read().TcpActive);
        Assert.Equal(3, rule.Counters.Read().TcpAccepted);
    }

    [Fact]
    public async Task A_drain_lets_connections_end_on_their_own_then_closes_the_rest_when_the_time_is_up()
    {
        var time = new FakeTimeProvider();
        var set = new TcpConnectionSet(TestRule.Context(time));
        var finishes = Admit(set);
        var lingers = Admit(set);

        set.StopAdmitting();
        var closing = set.CloseAllAsync(TimeSpan.FromSeconds(30), Ct);
        finishes.EndByPeer();
        time.Advance(TimeSpan.FromSeconds(29));

        Assert.False(closing.IsCompleted);
        Assert.False(lingers.Closed);

        time.Advance(TimeSpan.FromSeconds(2));
        var closed = await closing.WaitAsync(Net.Guard, Ct);

        Assert.Equal(1, closed);
        Assert.True(lingers.Closed);
        Assert.False(finishes.Closed);
    }

    [Fact]
    public async Task A_drain_ends_as_soon_as_the_last_connection_does()
    {
        var set = new TcpConnectionSet(TestRule.Context(new FakeTimeProvider()));
        var connection = Admit(set);

        set.StopAdmitting();
        var closing = set.CloseAllAsync(TimeSpan.FromSeconds(30), Ct);
        connection.EndByPeer();

        Assert.Equal(0, await closing.WaitAsync(Net.Guard, Ct));
    }

    [Fact]
    public void Clients_past_the_cap_from_a_source_not_allowed_or_after_stopping_are_refused_and_counted()
    {
        var rule = TestRule.Context(new FakeTimeProvider());
        var set = new TcpConnectionSet(rule);

        Assert.True(set.TryAdmit(sourceAllowed: true, maxConnections: 2));
        Assert.True(set.TryAdmit(sourceAllowed: true, maxConnections: 2));
        Assert.False(set.TryAdmit(sourceAllowed: true, maxConnections: 2));
        Assert.False(set.TryAdmit(sourceAllowed: false, maxConnections: 10));
        set.StopAdmitting();
        Assert.False(set.TryAdmit(sourceAllowed: true, maxConnections: 10));

        var counters = rule.Counters.Read();
        Assert.Equal(2, counters.TcpAccepted);
        Assert.Equal(2, counters.TcpActive);
        Assert.Equal(3, counters.TcpRefused);
    }

    [Fact]
    public void Only_connects_under_way_for_the_timeout_or_longer_are_given_up()
    {
        var time = new FakeTimeProvider();
        var set = new TcpConnectionSet(TestRule.Context(time));
        var slow = Admit(set);
        var recent = Admit(set);
        var connected = Admit(set);

        time.Advance(TimeSpan.FromSeconds(1));
        slow.StartConnect(time.GetTimestamp());
        time.Advance(TimeSpan.FromSeconds(8));
        recent.StartConnect(time.GetTimestamp());
        time.Advance(TimeSpan.FromSeconds(2));

        set.TimeOutSlowConnects(time.GetTimestamp(), TimeSpan.FromSeconds(10).Ticks);

        Assert.True(slow.TimedOut);
        Assert.False(recent.TimedOut);
        Assert.False(connected.TimedOut);
    }

    private static FakeConnection Admit(TcpConnectionSet set)
    {
        Assert.True(set.TryAdmit(sourceAllowed: true, maxConnections: 100));
        var connection = new FakeConnection(set);
        set.Add(connection);
        return connection;
    }

    /// <summary>A connection with no sockets: it leaves the set when closed, as a real one does when its loops end.</summary>
    private sealed class FakeConnection(TcpConnectionSet set) : RelayedConnection
    {
        private int _ended;

        public bool Closed { get; private set; }

        public bool TimedOut { get; private set; }

        public void StartConnect(long timestamp)
        {
            // A connect starts as the client is accepted: its start is when the connection was opened.
            Accepted(new ConnectionStats(id: 1, opened: timestamp), remote: default, externalPort: 0);
            Connecting = true;
            set.ConnectStarting();
        }

        /// <summary>The peers finished the connection; the relay did not close it.</summary>
        public void EndByPeer() => Leave();

        internal override void Close(bool reset)
        {
            Closed = true;
            Leave();
        }

        internal override void TimeOutConnect() => TimedOut = true;

        internal override void CloseIfBlocked(PortFwd.Relay.Rules.AddressBlocklist blocklist)
        {
        }

        private void Leave()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                set.Remove(this);
            }
        }
    }
}
