using Mpath.Linux.Native;

namespace Mpath.Linux.Tests.Native;

public sealed class OomProtectionTests
{
    [Fact]
    public void Writes_the_exemption_to_the_adjust_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Null(OomProtection.Apply(file));
            Assert.Equal("-1000", File.ReadAllText(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void An_unwritable_adjust_file_is_reported_not_thrown()
    {
        var error = OomProtection.Apply("/nonexistent-dir/oom_score_adj");
        Assert.NotNull(error);
        Assert.StartsWith("cannot write /nonexistent-dir/oom_score_adj: ", error, StringComparison.Ordinal);
    }
}
