using System.Text.RegularExpressions;
using Mpath.Core.Config.Sections;

namespace Mpath.Core.Tests.Config;

public sealed class ConfigRegexTests
{
    [Theory]
    [InlineData("!^(sd[a-z]|dasd[a-z]|nvme[0-9])")]
    [InlineData("^(ram|zram|raw|loop|fd|md|dm-|sr|scd|st|dcssblk)[0-9]")]
    [InlineData("^LIO-ORG$")]
    [InlineData(".*")]
    public void Ere_patterns_run_on_the_linear_engine_without_a_wall_clock_timeout(string pattern)
    {
        // A wall-clock timeout misfired on a starved VM and blacklisted sda through the negated built-in devnode rule.
        var regex = ConfigRegex.Create(pattern.TrimStart('!'));
        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Equal(Regex.InfiniteMatchTimeout, regex.MatchTimeout);
    }

    [Fact]
    public void A_pattern_only_the_backtracking_engine_knows_still_works()
    {
        var regex = ConfigRegex.Create(@"^(sd)\1$");
        Assert.False(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.True(ConfigRegex.IsMatch(regex, "sdsd"));
        Assert.False(ConfigRegex.IsMatch(regex, "sdsda"));
    }

    [Fact]
    public void An_invalid_pattern_matches_nothing() =>
        Assert.False(ConfigRegex.IsMatch(ConfigRegex.Create("(unclosed"), "(unclosed"));
}
