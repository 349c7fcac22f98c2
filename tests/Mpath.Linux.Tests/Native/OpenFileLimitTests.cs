using System.Globalization;
using Mpath.Linux.Native;

namespace Mpath.Linux.Tests.Native;

public sealed class OpenFileLimitTests
{
    private static LibC.ResourceLimit Now()
    {
        Assert.Equal(0, LibC.GetRLimit(LibC.RlimitNoFile, out var limit));
        return limit;
    }

    [Fact]
    public void Max_raises_the_soft_limit_to_the_system_maximum()
    {
        // The test process's own hard limit stands in for nr_open: raising the soft limit up to it needs no privilege.
        var hard = Now().Maximum;
        var nrOpen = Path.GetTempFileName();
        try
        {
            File.WriteAllText(nrOpen, hard.ToString(CultureInfo.InvariantCulture) + "\n");
            var (limit, problem) = OpenFileLimit.Raise(null, nrOpen);
            Assert.Null(problem);
            Assert.Equal(hard, limit);
            Assert.Equal(hard, Now().Current);
        }
        finally
        {
            File.Delete(nrOpen);
        }
    }

    [Fact]
    public void An_unreadable_system_maximum_keeps_the_limit_and_says_why()
    {
        var before = Now().Current;
        var (limit, problem) = OpenFileLimit.Raise(null, "/nonexistent/nr_open");
        Assert.Equal(before, limit);
        Assert.Contains("cannot read /nonexistent/nr_open", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_limit_already_high_enough_is_left_alone()
    {
        var before = Now();
        var (limit, problem) = OpenFileLimit.Raise(1);
        Assert.Null(problem);
        Assert.Equal(before.Current, limit);
        Assert.Equal(before.Current, Now().Current);
    }
}
