using Mpath.Linux.Native;

namespace Mpath.Linux.Tests.Native;

public sealed class DaemonMemoryTests
{
    [Fact]
    public void Tuning_turns_transparent_huge_pages_off_for_the_process()
    {
        // Harmless for the test host: it only changes how this test process's memory is backed.
        Assert.Null(DaemonMemory.Tune());
        Assert.True(DaemonMemory.HugePagesDisabled);
    }
}
