using Mpath.Core.Config.Loading;
using Mpath.Core.Config.Sections;

namespace Mpath.Core.Tests.Config;

public class GlobalSettingsTests
{
    private static MultipathConfig Load(string defaults) =>
        ConfigLoader.Load("/etc/multipath.conf", new InMemoryConfigFiles(new Dictionary<string, string>
        {
            ["/etc/multipath.conf"] = "defaults {\n" + defaults + "}\n",
        })).Config;

    [Theory]
    [InlineData("", null)]
    [InlineData(" max_fds max\n", null)]
    [InlineData(" max_fds 8192\n", 8192L)]
    public void Max_fds_is_a_number_or_the_system_maximum(string defaults, long? expected) =>
        Assert.Equal(expected, GlobalSettings.MaxFds(Load(defaults)));
}
