using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mpath.Core.Config.Loading;
using Mpath.Core.Config.Resolution;
using Mpath.Core.Config.Sections;

namespace Mpath.Bench;

/// <summary>Parsing a large multipath.conf (2,000 multipaths entries) and resolving one path's attributes.</summary>
[MemoryDiagnoser]
public class ConfigBenchmarks
{
    private string _text = "";
    private MultipathConfig _config = null!;
    private AttributeResolver _resolver = null!;
    private readonly PathIdentity _path = new("IBM", "2145", "0000", "scsi:fcp");

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("defaults {\n\tuser_friendly_names yes\n\tpolling_interval 10\n}\ndevices {\n\tdevice {\n\t\tvendor \"IBM\"\n\t\tproduct \"^2145\"\n\t\tno_path_retry 12\n\t}\n}\nmultipaths {\n");
        for (var i = 0; i < 2000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\tmultipath {{\n\t\twwid 36005076801810523c{i:D12}\n\t\talias lun{i}\n\t\tfailback followover\n\t\tno_path_retry {i % 30 + 1}\n\t}}\n");
        }
        text.Append("}\n");
        _text = text.ToString();
        _config = ConfigLoader.LoadText(_text).Config;
        _resolver = new AttributeResolver(_config);
    }

    [Benchmark]
    public int ParseConfigWith2000Multipaths() => ConfigLoader.LoadText(_text).Config.Multipaths.Count;

    [Benchmark]
    public string ResolvePathAttributes() => _resolver.Resolve(_path, "36005076801810523c000000001999", aluaSupported: true).Failback.ToString();
}
