using Mpath.Core.Config.Sections;

namespace Mpath.Core.Tests.Config;

public sealed class ConfigRegexTests
{
    [Theory]
    [InlineData("^(sd[a-z]|dasd[a-z]|nvme[0-9])", "sda", true)]
    [InlineData("^(ram|zram|raw|loop|fd|md|dm-|sr|scd|st|dcssblk)[0-9]", "sda", false)]
    [InlineData("^LIO-ORG$", "LIO-ORG", true)]
    [InlineData(".*", "", true)]
    public void Patterns_match_with_a_timeout_far_above_any_scheduling_delay(string pattern, string input, bool matches)
    {
        // A 200 ms timeout misfired on a starved VM and blacklisted sda through the negated built-in devnode rule.
        var regex = ConfigRegex.Create(pattern);
        Assert.True(regex.MatchTimeout >= TimeSpan.FromSeconds(10));
        Assert.Equal(matches, ConfigRegex.IsMatch(regex, input));
    }

    [Fact]
    public void Backreferences_work()
    {
        var regex = ConfigRegex.Create(@"^(sd)\1$");
        Assert.True(ConfigRegex.IsMatch(regex, "sdsd"));
        Assert.False(ConfigRegex.IsMatch(regex, "sdsda"));
    }

    [Fact]
    public void An_invalid_pattern_matches_nothing() =>
        Assert.False(ConfigRegex.IsMatch(ConfigRegex.Create("(unclosed"), "(unclosed"));
}
