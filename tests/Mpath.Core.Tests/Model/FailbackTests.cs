using Mpath.Core.Model;

namespace Mpath.Core.Tests.Model;

public class FailbackTests
{
    [Theory]
    [InlineData("immediate", FailbackMode.Immediate, 0)]
    [InlineData("manual", FailbackMode.Manual, 0)]
    [InlineData("followover", FailbackMode.Followover, 0)]
    [InlineData("0", FailbackMode.Immediate, 0)]
    [InlineData("30", FailbackMode.Deferred, 30)]
    public void Parses_every_multipath_conf_form(string text, FailbackMode mode, int seconds)
    {
        Assert.True(Failback.TryParse(text, out var value));
        Assert.Equal(mode, value.Mode);
        Assert.Equal(seconds, value.DeferSeconds);
    }

    [Theory]
    [InlineData("immediately")]
    [InlineData("-5")]
    [InlineData("")]
    [InlineData("1.5")]
    public void Rejects_other_text(string text) => Assert.False(Failback.TryParse(text, out _));

    [Theory]
    [InlineData("immediate")]
    [InlineData("manual")]
    [InlineData("followover")]
    [InlineData("45")]
    public void Prints_back_what_it_parsed(string text)
    {
        Assert.True(Failback.TryParse(text, out var value));
        Assert.Equal(text, value.ToString());
    }

    [Theory]
    [InlineData("fail", NoPathRetryMode.Fail, 0, "fail")]
    [InlineData("0", NoPathRetryMode.Fail, 0, "fail")]
    [InlineData("queue", NoPathRetryMode.Queue, 0, "queue")]
    [InlineData("12", NoPathRetryMode.Retries, 12, "12")]
    public void No_path_retry_parses_and_prints(string text, NoPathRetryMode mode, int retries, string printed)
    {
        Assert.True(NoPathRetry.TryParse(text, out var value));
        Assert.Equal(mode, value.Mode);
        Assert.Equal(retries, value.Retries);
        Assert.Equal(printed, value.ToString());
    }
}
