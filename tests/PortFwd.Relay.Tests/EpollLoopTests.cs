using PortFwd.Relay.Linux;
using PortFwd.Relay.Tests.Support;
using PortFwd.Testing.Logging;

namespace PortFwd.Relay.Tests;

public sealed class EpollLoopTests
{
    [Fact]
    public async Task Posted_work_runs_on_the_loop_thread()
    {
        Assert.SkipUnless(LinuxSockets.IsSupported, "the epoll loop needs Linux on x86, x86-64, ARM or ARM64");
        using var loop = new EpollLoop(TestOutputLogger.For<EpollLoop>());
        var onLoop = false;

        await loop.RunAsync(() => onLoop = loop.OnLoopThread).WaitAsync(Net.Guard, TestContext.Current.CancellationToken);

        Assert.True(onLoop);
        Assert.False(loop.OnLoopThread);
    }

    [Fact]
    public async Task Work_posted_after_the_loop_stopped_still_runs_so_closing_never_hangs()
    {
        Assert.SkipUnless(LinuxSockets.IsSupported, "the epoll loop needs Linux on x86, x86-64, ARM or ARM64");
        var loop = new EpollLoop(TestOutputLogger.For<EpollLoop>());
        loop.Dispose();
        var ran = 0;

        await loop.RunAsync(() => ran++).WaitAsync(Net.Guard, TestContext.Current.CancellationToken);
        loop.Post(() => ran++);

        Assert.Equal(2, ran);
    }
}
