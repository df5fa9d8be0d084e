using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Relay.Engine;
using PortFwd.Relay.Tests.Support;
using PortFwd.Relay.Udp;

namespace PortFwd.Relay.Tests.Udp;

public sealed class UdpSessionTableTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly CoarseClock _clock;
    private readonly RuleCounters _counters = new();
    private readonly UdpSessionTable _table;

    // The rule's listening socket and a target; sessions need real sockets, none is sent to.
    private readonly Socket _listening = Bound();
    private readonly Socket _target = Bound();

    public UdpSessionTableTests()
    {
        _clock = new CoarseClock(_time);
        _table = new UdpSessionTable(_counters);
    }

    public void Dispose()
    {
        _listening.Dispose();
        _target.Dispose();
    }

    [Fact]
    public void Sessions_idle_for_the_timeout_expire_while_active_ones_stay()
    {
        var idle = Add(client: 40001);
        var active = Add(client: 40002);

        Advance(TimeSpan.FromSeconds(20));
        active.Touch();
        Advance(TimeSpan.FromSeconds(15));
        _table.ExpireIdle(_clock.Now, TimeSpan.FromSeconds(30).Ticks);

        Assert.True(idle.IsClosed);
        Assert.False(active.IsClosed);
        Assert.Equal(1, _table.Count);
        Assert.False(Find(0, 40001, out _));
        Assert.True(Find(0, 40002, out var found));
        Assert.Same(active, found);
        var counters = _counters.Read();
        Assert.Equal(1, counters.UdpActiveSessions);
        Assert.Equal(2, counters.UdpSessionsOpened);
    }

    [Fact]
    public void At_the_cap_the_least_recently_active_session_makes_room()
    {
        var first = Add(client: 40001);
        var second = Add(client: 40002);
        Advance(TimeSpan.FromSeconds(5));
        first.Touch();

        lock (_table.Lock)
        {
            _table.MakeRoomLocked(maxSessions: 2);
        }

        Assert.True(second.IsClosed);
        Assert.False(first.IsClosed);
        Assert.Equal(1, _table.Count);
    }

    [Fact]
    public void Sessions_idle_since_the_same_sweep_are_evicted_oldest_first()
    {
        var first = Add(client: 40001);
        var second = Add(client: 40002);

        lock (_table.Lock)
        {
            _table.MakeRoomLocked(maxSessions: 2);
        }

        Assert.True(first.IsClosed);
        Assert.False(second.IsClosed);
    }

    [Fact]
    public void One_client_on_two_ports_of_a_range_has_a_session_on_each()
    {
        var onFirstPort = Add(client: 40001, offset: 0);
        var onSecondPort = Add(client: 40001, offset: 1);

        Assert.True(Find(0, 40001, out var first));
        Assert.True(Find(1, 40001, out var second));
        Assert.Same(onFirstPort, first);
        Assert.Same(onSecondPort, second);
    }

    [Fact]
    public void Looking_up_a_client_allocates_nothing()
    {
        Add(client: 40001);
        var from = Address(40001);
        Find(0, 40001, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            lock (_table.Lock)
            {
                _table.TryGetLocked(0, from, out _);
            }
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData(UdpPath.OneByOne)]
    [InlineData(UdpPath.Batched)]
    public async Task Closing_the_table_closes_every_session(UdpPath path)
    {
        var batched = path == UdpPath.Batched && DatagramBatch.IsAvailable;
        var sessions = Enumerable.Range(40001, 3).Select(port => Add(port, batched: batched)).ToList();
        foreach (var session in sessions)
        {
            session.Start(); // the reply loops, waiting on their upstream sockets, must end too
        }

        await _table.CloseAllAsync().WaitAsync(Net.Guard, TestContext.Current.CancellationToken);

        Assert.All(sessions, s => Assert.True(s.IsClosed));
        Assert.All(sessions, s => Assert.True(s.ReplyLoop.IsCompleted));
        Assert.Equal(0, _table.Count);
        Assert.Equal(0, _counters.Read().UdpActiveSessions);
    }

    private UdpSession Add(int client, int offset = 0, bool batched = false)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        upstream.Connect(_target.LocalEndPoint!);
        var session = new UdpSession(_counters, _clock, _listening, offset, upstream, Address(client), batched);
        lock (_table.Lock)
        {
            _table.AddLocked(session);
        }

        return session;
    }

    private bool Find(int offset, int client, out UdpSession? session)
    {
        lock (_table.Lock)
        {
            return _table.TryGetLocked(offset, Address(client), out session);
        }
    }

    /// <summary>Moves the clock on and sweeps the coarse clock to it, as the engine's sweeper does.</summary>
    private void Advance(TimeSpan by)
    {
        _time.Advance(by);
        _clock.Advance();
    }

    private static SocketAddress Address(int port) => new IPEndPoint(IPAddress.Loopback, port).Serialize();

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
