using System.Runtime.InteropServices;
using PortFwd.Relay.Linux;

namespace PortFwd.Relay.Tests.Udp;

/// <summary>
/// The message headers recvmmsg and sendmmsg read match glibc's. The expected sizes and offsets were printed by a
/// small C program (sizeof/offsetof of struct msghdr, mmsghdr and iovec from sys/socket.h) compiled with gcc on
/// x86-64 Linux when this was written; ARM64 uses the same generic 64-bit layout, and 32-bit ARM and x86 the
/// 32-bit one below.
/// </summary>
public sealed class MessageLayoutTests
{
    [Fact]
    public void Message_headers_have_the_C_layout_of_this_platform()
    {
        var is64 = IntPtr.Size == 8;

        Assert.Equal(is64 ? 16 : 8, Marshal.SizeOf<IoVec>());
        Assert.Equal(is64 ? 8 : 4, (int)Marshal.OffsetOf<IoVec>(nameof(IoVec.Length)));

        Assert.Equal(is64 ? 56 : 28, Marshal.SizeOf<MsgHdr>());
        Assert.Equal(0, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.Name)));
        Assert.Equal(is64 ? 8 : 4, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.NameLength)));
        Assert.Equal(is64 ? 16 : 8, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.Iov)));
        Assert.Equal(is64 ? 24 : 12, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.IovLength)));
        Assert.Equal(is64 ? 32 : 16, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.Control)));
        Assert.Equal(is64 ? 40 : 20, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.ControlLength)));
        Assert.Equal(is64 ? 48 : 24, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.Flags)));

        Assert.Equal(is64 ? 64 : 32, Marshal.SizeOf<MMsgHdr>());
        Assert.Equal(is64 ? 56 : 28, (int)Marshal.OffsetOf<MMsgHdr>(nameof(MMsgHdr.Length)));
    }
}
