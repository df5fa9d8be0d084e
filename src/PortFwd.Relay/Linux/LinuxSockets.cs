using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PortFwd.Relay.Linux;

/// <summary>
/// The few Linux calls the relay makes on raw descriptors (the epoll transport, the UDP drain). The numbers are the
/// generic Linux ABI, which x86, x86-64, 32-bit ARM and ARM64 share.
/// </summary>
internal static unsafe partial class LinuxSockets
{
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockStream = 1;
    public const int SockNonBlock = 0x800;
    public const int SockCloExec = 0x80000;
    public const int SolSocket = 1;
    public const int SoError = 4;
    public const int SoKeepAlive = 9;
    public const int SoLinger = 13;
    public const int SoReusePort = 15;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;
    public const int FSetPipeSize = 1031;
    public const int SpliceMove = 1;
    public const int SpliceNonBlock = 2;
    public const int IpProtoTcp = 6;
    public const int TcpNoDelay = 1;
    public const int MsgDontWait = 0x40;
    public const int MsgNoSignal = 0x4000;
    public const int ShutWr = 1;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int EInProgress = 115;
    public const int EConnAborted = 103;
    public const int EMsgSize = 90;
    public const int EConnReset = 104;
    public const int ENoBufs = 105;
    public const int EConnRefused = 111;
    public const int ENoSys = 38;

    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollEt = 1u << 31;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int EpollCtlMod = 3;

    /// <summary>Size of the storage a socket address of either family fits in.</summary>
    public const int SockAddrStorage = 28;

    /// <summary>True where this transport can run: Linux on an architecture whose constants are the ones above.</summary>
    public static bool IsSupported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64 or Architecture.Arm or Architecture.X86;

    /// <summary>
    /// struct epoll_event is packed (12 bytes) on x86 and x86-64 and naturally aligned (16 bytes)
    /// elsewhere; the event loop reads it through these offsets.
    /// </summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 12 : 16;

    public static readonly int EpollDataOffset = EpollEventSize == 12 ? 4 : 8;

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>The system's text for an errno value, e.g. "Connection refused".</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    public static int EpollControl(int epoll, int op, int fd, uint events, ulong data)
    {
        var e = stackalloc byte[16];
        *(uint*)e = events;
        *(ulong*)(e + EpollDataOffset) = data;
        return EpollCtl(epoll, op, fd, e);
    }

    public static void SetInt(int fd, int level, int name, int value) => SetSockOpt(fd, level, name, &value, sizeof(int));

    /// <summary>Makes the next close send a reset instead of a FIN.</summary>
    public static void SetResetOnClose(int fd)
    {
        var linger = stackalloc int[2];
        linger[0] = 1;
        linger[1] = 0;
        SetSockOpt(fd, SolSocket, SoLinger, linger, 2 * sizeof(int));
    }

    public static int PendingError(int fd)
    {
        var error = 0;
        var length = sizeof(int);
        return GetSockOpt(fd, SolSocket, SoError, &error, &length) == 0 ? error : LastError;
    }

    /// <summary>Writes <paramref name="endPoint"/> as a struct sockaddr_in or sockaddr_in6.</summary>
    public static byte[] ToSockAddr(IPEndPoint endPoint)
    {
        var v6 = endPoint.AddressFamily == AddressFamily.InterNetworkV6;
        var bytes = new byte[v6 ? 28 : 16];
        bytes[0] = (byte)(v6 ? AfInet6 : AfInet);
        bytes[2] = (byte)(endPoint.Port >> 8);
        bytes[3] = (byte)endPoint.Port;
        if (v6)
        {
            endPoint.Address.TryWriteBytes(bytes.AsSpan(8, 16), out _);
            var scope = (uint)endPoint.Address.ScopeId;
            bytes[24] = (byte)scope;
            bytes[25] = (byte)(scope >> 8);
            bytes[26] = (byte)(scope >> 16);
            bytes[27] = (byte)(scope >> 24);
        }
        else
        {
            endPoint.Address.TryWriteBytes(bytes.AsSpan(4, 4), out _);
        }

        return bytes;
    }

    /// <summary>The endpoint a struct sockaddr_in or sockaddr_in6 of <see cref="ToSockAddr"/> holds (scope id included).</summary>
    public static IPEndPoint ToEndPoint(ReadOnlySpan<byte> sockAddr)
    {
        var port = (sockAddr[2] << 8) | sockAddr[3];
        return sockAddr[0] == AfInet6
            ? new IPEndPoint(new IPAddress(sockAddr.Slice(8, 16), BinaryPrimitives.ReadUInt32LittleEndian(sockAddr[24..])), port)
            : new IPEndPoint(new IPAddress(sockAddr.Slice(4, 4)), port);
    }

    /// <summary>The address in a struct sockaddr_in or sockaddr_in6 written by accept.</summary>
    public static IPAddress? AddressOf(ReadOnlySpan<byte> sockAddr) => sockAddr[0] switch
    {
        AfInet => new IPAddress(sockAddr.Slice(4, 4)),
        AfInet6 => new IPAddress(sockAddr.Slice(8, 16)),
        _ => null,
    };

    /// <summary>The address of a connected socket's peer (getpeername), or null if the socket has none.</summary>
    public static IPAddress? PeerAddress(int fd)
    {
        var address = stackalloc byte[SockAddrStorage];
        var length = SockAddrStorage;
        return GetPeerName(fd, address, &length) == 0 ? AddressOf(new ReadOnlySpan<byte>(address, length)) : null;
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epoll, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeout);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept(int fd, byte* address, int* addressLength, int flags);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, byte* address, int* addressLength);

    [LibraryImport("libc", EntryPoint = "getpeername", SetLastError = true)]
    public static partial int GetPeerName(int fd, byte* address, int* addressLength);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
    public static partial nint ReceiveFrom(int fd, byte* buffer, nuint length, int flags, byte* address, int* addressLength);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nuint length, int flags);

    /// <summary>recvmmsg(2): up to <paramref name="count"/> datagrams into <paramref name="messages"/>; the number received, or -1.</summary>
    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int ReceiveMessages(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    /// <summary>sendmmsg(2): the first <paramref name="count"/> datagrams of <paramref name="messages"/>; how many were sent, or -1.</summary>
    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMessages(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "splice", SetLastError = true)]
    public static partial nint Splice(int fromFd, long* fromOffset, int toFd, long* toOffset, nuint length, uint flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int fd, int level, int name, void* value, int* length);
}

/// <summary>struct iovec: one buffer of a message.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVec
{
    public void* Base;
    public nuint Length;
}

/// <summary>
/// struct msghdr as glibc declares it: pointers and size_t are native-sized, socklen_t and the flags 32-bit, so on
/// 64-bit Linux (x86-64, ARM64) it is 56 bytes with 4 bytes of padding after the name length, on 32-bit 28 bytes
/// (checked against gcc in MessageLayoutTests).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MsgHdr
{
    public void* Name;
    public uint NameLength;
    public IoVec* Iov;
    public nuint IovLength;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}

/// <summary>struct mmsghdr: a message and the bytes received or sent for it (64 bytes on 64-bit Linux, 32 on 32-bit).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MMsgHdr
{
    public MsgHdr Header;
    public uint Length;
}
