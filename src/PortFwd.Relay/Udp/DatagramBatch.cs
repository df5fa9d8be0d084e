using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PortFwd.Relay.Linux;

namespace PortFwd.Relay.Udp;

/// <summary>
/// Room for up to <see cref="Capacity"/> datagrams moved with one recvmmsg(2) and sent on with sendmmsg(2) (Linux,
/// <c>PortFwd:Relay:UdpBatch</c>): slots of native memory, their iovecs, message headers and source addresses, set up
/// once. A drain loop rents a batch while its socket has datagrams waiting and gives it back when it is drained, so an
/// idle port holds none (10,000 ports must not hold 2 MiB each) and a datagram costs no allocation.
/// </summary>
/// <remarks>
/// The 64 KiB slots are written only as far as datagrams fill them: fresh memory of a batch that has carried small
/// datagrams has one page per slot in use. One loop uses a batch at a time.
/// </remarks>
internal sealed unsafe class DatagramBatch : IDisposable
{
    /// <summary>Datagrams per system call.</summary>
    public const int Capacity = 32;

    /// <summary>Any UDP datagram fits in a slot, as in the one-by-one path's buffer.</summary>
    private const int SlotBytes = UdpPortListener.BufferSize;

    private const int NameBytes = 32; // sockaddr_in6 (28) rounded up

    private static readonly Lock IdleLock = new();
    // Batches kept for reuse: about as many as loops drain at once; a batch that carried the largest datagrams holds
    // its 2 MiB, so a Raspberry Pi's 4 cores keep at most 16 MiB here.
    private static readonly DatagramBatch?[] Idle = new DatagramBatch?[Math.Clamp(2 * Environment.ProcessorCount, 4, 32)];
    private static int s_idleCount;
    private static readonly Lazy<bool> Available = new(Probe);

    private readonly byte* _data;
    private readonly byte* _headers;
    private readonly MMsgHdr* _received;
    private readonly MMsgHdr* _outgoing;
    private readonly IoVec* _receivedIov;
    private readonly IoVec* _outgoingIov;
    private readonly byte* _names;
    private readonly byte* _destination;
    private int _outgoingCount;
    private int _freed;

    private DatagramBatch()
    {
        _data = (byte*)NativeMemory.AlignedAlloc((nuint)Capacity * SlotBytes, 4096);
        var headers = 2 * Capacity * sizeof(MMsgHdr);
        var iovs = 2 * Capacity * sizeof(IoVec);
        _headers = (byte*)NativeMemory.AllocZeroed((nuint)(headers + iovs + (Capacity + 1) * NameBytes));
        _received = (MMsgHdr*)_headers;
        _outgoing = _received + Capacity;
        _receivedIov = (IoVec*)(_headers + headers);
        _outgoingIov = _receivedIov + Capacity;
        _names = _headers + headers + iovs;
        _destination = _names + Capacity * NameBytes;
        for (var i = 0; i < Capacity; i++)
        {
            _receivedIov[i].Base = Slot(i);
            _receivedIov[i].Length = SlotBytes;
            _received[i].Header.Iov = &_receivedIov[i];
            _received[i].Header.IovLength = 1;
            _outgoing[i].Header.Iov = &_outgoingIov[i];
            _outgoing[i].Header.IovLength = 1;
        }
    }

    ~DatagramBatch() => Free();

    /// <summary>True on Linux when recvmmsg and sendmmsg can be called (not refused by the kernel or a seccomp filter with ENOSYS).</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>Where the listener keeps the session of each received datagram while it sends them on.</summary>
    public UdpSession?[] Sessions { get; } = new UdpSession?[Capacity];

    /// <summary>Index in the outgoing list of the next datagram <see cref="SendOutgoing"/> sends.</summary>
    public int Next { get; set; }

    /// <summary>Datagrams sent from the outgoing list since <see cref="ClearOutgoing"/>.</summary>
    public int SentDatagrams { get; set; }

    /// <summary>Bytes sent from the outgoing list since <see cref="ClearOutgoing"/>.</summary>
    public long SentBytes { get; set; }

    public int OutgoingCount => _outgoingCount;

    public static DatagramBatch Rent()
    {
        lock (IdleLock)
        {
            if (s_idleCount > 0)
            {
                var batch = Idle[--s_idleCount]!;
                Idle[s_idleCount] = null;
                return batch;
            }
        }

        return new DatagramBatch();
    }

    public static void Return(DatagramBatch batch)
    {
        lock (IdleLock)
        {
            if (s_idleCount < Idle.Length)
            {
                Idle[s_idleCount++] = batch;
                return;
            }
        }

        batch.Dispose();
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Receives up to <see cref="Capacity"/> datagrams without waiting, with their source addresses when
    /// <paramref name="withSources"/>. Returns how many, or -1 with the errno in <paramref name="errno"/> (EAGAIN: drained).
    /// </summary>
    public int Receive(SafeHandle socket, bool withSources, out int errno)
    {
        for (var i = 0; i < Capacity; i++)
        {
            ref var header = ref _received[i].Header;
            header.Name = withSources ? _names + i * NameBytes : null;
            header.NameLength = withSources ? (uint)LinuxSockets.SockAddrStorage : 0;
            header.Flags = 0;
            _received[i].Length = 0;
        }

        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            int received;
            do
            {
                received = LinuxSockets.ReceiveMessages((int)socket.DangerousGetHandle(), _received, Capacity, LinuxSockets.MsgDontWait, null);
                errno = received < 0 ? LinuxSockets.LastError : 0;
            }
            while (received < 0 && errno == LinuxSockets.EIntr);

            return received;
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>The bytes of received datagram <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Datagram(int index) => new(Slot(index), (int)_received[index].Length);

    /// <summary>Copies the source address of received datagram <paramref name="index"/> into <paramref name="into"/>.</summary>
    public void SourceOf(int index, SocketAddress into)
    {
        var length = Math.Min((int)_received[index].Header.NameLength, into.Buffer.Length);
        new ReadOnlySpan<byte>(_names + index * NameBytes, length).CopyTo(into.Buffer.Span);
        into.Size = length;
    }

    /// <summary>Empties the outgoing list and its tallies.</summary>
    public void ClearOutgoing()
    {
        _outgoingCount = 0;
        Next = 0;
        SentDatagrams = 0;
        SentBytes = 0;
    }

    /// <summary>Adds received datagram <paramref name="index"/> to the outgoing list, for a connected socket.</summary>
    public void AddOutgoing(int index) => AddOutgoing(index, null, 0);

    /// <summary>
    /// Puts every received datagram on the outgoing list, addressed to <paramref name="destination"/>; with a
    /// <paramref name="rate"/> limit, only those its budget holds.
    /// </summary>
    /// <returns>How many datagrams the rate limit dropped.</returns>
    public int AddAllOutgoing(int received, SocketAddress destination, Engine.RateBucket? rate = null)
    {
        var length = Math.Min(destination.Size, NameBytes);
        destination.Buffer.Span[..length].CopyTo(new Span<byte>(_destination, length));
        var dropped = 0;
        for (var i = 0; i < received; i++)
        {
            if (rate is not null && !rate.TryTake((int)_received[i].Length))
            {
                dropped++;
                continue;
            }

            AddOutgoing(i, _destination, (uint)length);
        }

        return dropped;
    }

    /// <summary>Outgoing datagram <paramref name="position"/> copied into <paramref name="into"/>, for a send that must wait.</summary>
    public int CopyOutgoing(int position, Span<byte> into)
    {
        var iov = _outgoing[position].Header.Iov;
        var datagram = new ReadOnlySpan<byte>(iov->Base, (int)iov->Length);
        datagram.CopyTo(into);
        return datagram.Length;
    }

    /// <summary>Bytes of outgoing datagram <paramref name="position"/>.</summary>
    public int OutgoingLength(int position) => (int)_outgoing[position].Header.Iov->Length;

    /// <summary>
    /// Sends the outgoing datagrams from <see cref="Next"/> on with sendmmsg, tallying what went out. A datagram refused
    /// on its own (ICMP unreachable reported from an earlier one, too large, no buffer space) is dropped and the rest go
    /// on, as one send each would. Stops at a full send buffer (<see cref="SocketError.WouldBlock"/>: the datagram at
    /// <see cref="Next"/> must wait) and at any other error, which it returns with <see cref="Next"/> on the datagram
    /// it concerns.
    /// </summary>
    public SocketError SendOutgoing(SafeHandle socket)
    {
        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            var fd = (int)socket.DangerousGetHandle();
            while (Next < _outgoingCount)
            {
                var sent = LinuxSockets.SendMessages(fd, _outgoing + Next, (uint)(_outgoingCount - Next), 0);
                if (sent > 0)
                {
                    for (var i = Next; i < Next + sent; i++)
                    {
                        SentBytes += _outgoing[i].Length;
                    }

                    SentDatagrams += sent;
                    Next += sent;
                    continue;
                }

                var errno = LinuxSockets.LastError;
                switch (errno)
                {
                    case LinuxSockets.EIntr:
                        continue;
                    case LinuxSockets.EConnRefused or LinuxSockets.EConnReset or LinuxSockets.EMsgSize or LinuxSockets.ENoBufs:
                        Next++;
                        continue;
                    default:
                        return ToSocketError(errno);
                }
            }

            return SocketError.Success;
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>The <see cref="SocketError"/> .NET reports for an errno of a receive or send.</summary>
    public static SocketError ToSocketError(int errno) => errno switch
    {
        LinuxSockets.EAgain => SocketError.WouldBlock,
        LinuxSockets.EConnRefused => SocketError.ConnectionRefused,
        LinuxSockets.EConnReset => SocketError.ConnectionReset,
        LinuxSockets.EMsgSize => SocketError.MessageSize,
        LinuxSockets.ENoBufs => SocketError.NoBufferSpaceAvailable,
        _ => SocketError.SocketError,
    };

    private byte* Slot(int index) => _data + (nint)index * SlotBytes;

    private void AddOutgoing(int index, byte* name, uint nameLength)
    {
        var position = _outgoingCount++;
        _outgoingIov[position].Base = Slot(index);
        _outgoingIov[position].Length = _received[index].Length;
        ref var header = ref _outgoing[position].Header;
        header.Name = name;
        header.NameLength = nameLength;
        header.Flags = 0;
        _outgoing[position].Length = 0;
    }

    private void Free()
    {
        if (Interlocked.Exchange(ref _freed, 1) != 0)
        {
            return;
        }

        NativeMemory.AlignedFree(_data);
        NativeMemory.Free(_headers);
    }

    /// <summary>On an empty socket, recvmmsg must say "nothing waiting" and an empty sendmmsg "none sent", not "no such call".</summary>
    private static bool Probe()
    {
        if (!LinuxSockets.IsSupported)
        {
            return false;
        }

        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            using var batch = new DatagramBatch();
            var drained = batch.Receive(socket.SafeHandle, withSources: true, out var errno) == 0 || errno == LinuxSockets.EAgain;
            return drained && LinuxSockets.SendMessages((int)socket.Handle, batch._outgoing, 0, 0) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or SocketException)
        {
            return false;
        }
    }
}
