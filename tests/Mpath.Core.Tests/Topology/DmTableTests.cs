using CsCheck;
using Mpath.Core.Model;
using Mpath.Core.Topology.DeviceMapper;

namespace Mpath.Core.Tests.Topology;

public class DmTableTests
{
    private const string Loaded = "1 queue_if_no_path 1 alua 2 1 service-time 0 1 1 8:0 1 service-time 0 1 1 8:16 1";
    private const string KernelEcho = "1 queue_if_no_path 1 alua 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:16 1 1";

    [Fact]
    public void Parses_the_table_multipathd_loads()
    {
        var result = DmTable.Parse(Loaded);
        Assert.True(result.Success, result.Error);
        var table = result.Value!;
        Assert.Equal(["queue_if_no_path"], table.Features);
        Assert.Equal(["alua"], table.HardwareHandler);
        Assert.Equal(1, table.InitialGroup);
        Assert.Equal(2, table.Groups.Count);
        Assert.Equal("service-time", table.Groups[0].Selector);
        Assert.Empty(table.Groups[0].SelectorArguments);
        Assert.Equal("8:0", table.Groups[0].Paths.Single().Device);
        Assert.Equal(["1"], table.Groups[0].Paths.Single().Arguments);
        Assert.Equal("8:16", table.Groups[1].Paths.Single().Device);
        Assert.Equal(Loaded, table.Format());
    }

    [Fact]
    public void Parses_what_dmsetup_table_echoes_with_or_without_the_target_prefix()
    {
        foreach (var text in new[] { KernelEcho, "0 2097152 multipath " + KernelEcho })
        {
            var table = DmTable.Parse(text).Value!;
            Assert.Equal(2, table.Groups[1].PathArgumentCount);
            Assert.Equal(["1", "1"], table.Groups[1].Paths[0].Arguments);
            Assert.Equal(KernelEcho, table.Format());
        }
    }

    [Fact]
    public void Round_robin_with_selector_arguments_and_several_paths()
    {
        const string text = "2 pg_init_retries 50 0 1 1 round-robin 1 x 2 1 8:0 100 8:16 100";
        var table = DmTable.Parse(text).Value!;
        Assert.Equal(["pg_init_retries", "50"], table.Features);
        Assert.Empty(table.HardwareHandler);
        Assert.Equal(["x"], table.Groups[0].SelectorArguments);
        Assert.Equal(2, table.Groups[0].Paths.Count);
        Assert.Equal(text, table.Format());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("2 queue_if_no_path")]
    [InlineData("0 0 2 1 service-time 0 1 1 8:0 1")] // second group missing
    [InlineData("0 0 1 3 service-time 0 1 1 8:0 1")] // initial group beyond the groups
    [InlineData("0 0 1 1 service-time 0 1 1 8:0")] // path argument missing
    [InlineData("0 0 1 1 service-time 0 1 1 8:0 1 extra")]
    [InlineData("x 0 0 0")]
    [InlineData("0 0 -1 0")]
    [InlineData("0 0 99999999999 1")]
    public void Malformed_tables_give_an_error_not_an_exception(string text)
    {
        var result = DmTable.Parse(text);
        Assert.False(result.Success);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz_-0123456789"], 1, 12];

    private static readonly Gen<DmTable> Tables =
        Gen.Int[0, 3].SelectMany(pathArgs =>
            Gen.Select(
                Word.List[0, 4],
                Word.List[0, 3],
                Gen.Select(Word, Word.List[0, 3], Gen.Select(Gen.Int[0, 259], Gen.Int[0, 4095], Word.List[pathArgs, pathArgs]).List[0, 5])
                    .Select((selector, args, paths) => new DmTableGroup(selector, args, pathArgs, paths.Select(p => new DmTablePath($"{p.Item1}:{p.Item2}", p.Item3)).ToList()))
                    .List[0, 4])
            .SelectMany((features, handler, groups) => Gen.Int[0, groups.Count].Select(initial => new DmTable(features, handler, initial, groups))));

    [Fact]
    public void Build_then_parse_round_trips() =>
        Tables.Sample(table =>
        {
            var text = table.Format();
            var parsed = DmTable.Parse(text);
            Assert.True(parsed.Success, parsed.Error);
            Assert.Equal(text, parsed.Value!.Format());
            Assert.Equal(table.Groups.Count, parsed.Value.Groups.Count);
            Assert.Equal(table.Groups.Sum(g => g.Paths.Count), parsed.Value.Groups.Sum(g => g.Paths.Count));
            Assert.Equal(table.Features, parsed.Value.Features);
        });

    private static readonly Gen<string> Garbage = Gen.OneOf(
        Gen.String[Gen.Char["0123456789 AEDF:x-"], 0, 80],
        Gen.String,
        Gen.Int[0, 5].Array[0, 30].Select(a => string.Join(' ', a)));

    [Fact]
    public void Garbage_never_throws() =>
        Garbage.Sample(text =>
        {
            var table = DmTable.Parse(text);
            Assert.True(table.Success || table.Error is not null);
            var status = DmStatus.Parse(text);
            Assert.True(status.Success || status.Error is not null);
        });

    [Fact]
    public void Truncating_a_valid_table_anywhere_never_throws() =>
        Tables.Sample(table =>
        {
            var text = table.Format();
            for (var cut = 0; cut < text.Length; cut++)
                _ = DmTable.Parse(text[..cut]);
        }, iter: 200);

    [Fact]
    public void Word_lists_parse_and_format_counted_forms()
    {
        Assert.Equal(["queue_if_no_path"], DmWordList.Parse("1 queue_if_no_path"));
        Assert.Empty(DmWordList.Parse("0"));
        Assert.Empty(DmWordList.Parse(""));
        Assert.Equal("2 pg_init_retries 50", DmWordList.Format(["pg_init_retries", "50"]));
        Assert.Equal("0", DmWordList.Format([]));
    }
}

public class DmStatusTests
{
    [Fact]
    public void Parses_a_healthy_two_group_map()
    {
        var status = DmStatus.Parse("2 0 1 0 2 1 A 0 1 2 8:0 A 0 0 1 E 0 1 2 8:16 A 0 0 1").Value!;
        Assert.False(status.QueueingIo);
        Assert.Equal(1, status.PgInitCount);
        Assert.Empty(status.HardwareHandlerWords);
        Assert.Equal(1, status.NextGroup);
        Assert.Equal([DmGroupState.Active, DmGroupState.Enabled], status.Groups.Select(g => g.State));
        var first = status.Groups[0].Paths.Single();
        Assert.Equal(("8:0", DmPathState.Active, 0), (first.Device, first.State, first.FailCount));
        Assert.Equal(["0", "1"], first.SelectorWords);
        Assert.Equal("8:16", status.Groups[1].Paths.Single().Device);
        Assert.Empty(status.TrailingWords);
    }

    [Fact]
    public void Parses_a_map_with_a_failed_path_queueing_io()
    {
        // All paths failed, queue_if_no_path active: queue_io 1; sdb failed 3 times; group 1 disabled (bypassed).
        var status = DmStatus.Parse("2 1 4 0 2 2 D 0 1 2 8:0 F 1 0 1 A 0 2 2 8:16 F 3 0 1 8:32 A 0 0 1").Value!;
        Assert.True(status.QueueingIo);
        Assert.Equal(4, status.PgInitCount);
        Assert.Equal(2, status.NextGroup);
        Assert.Equal(DmGroupState.Disabled, status.Groups[0].State);
        Assert.Equal(DmPathState.Failed, status.Groups[0].Paths[0].State);
        var second = status.Groups[1].Paths;
        Assert.Equal((DmPathState.Failed, 3), (second[0].State, second[0].FailCount));
        Assert.Equal(DmPathState.Active, second[1].State);
    }

    [Fact]
    public void Keeps_unknown_trailing_words_and_round_robin_status()
    {
        var status = DmStatus.Parse("2 0 0 0 1 1 A 0 2 1 8:0 A 0 100 8:16 A 0 100 future words").Value!;
        Assert.Equal(["100"], status.Groups[0].Paths[1].SelectorWords);
        Assert.Equal(["future", "words"], status.TrailingWords);
    }

    [Theory]
    [InlineData("2 0 1 0 2 1 X 0 1 2 8:0 A 0 0 1 E 0 1 2 8:16 A 0 0 1")]
    [InlineData("2 0 1 0 2 1 A 0 1 2 8:0 Q 0 0 1 E 0 1 2 8:16 A 0 0 1")]
    [InlineData("2 0 1 0 2 1 A 0 1 2 8:0 A 0 0 1")]
    [InlineData("2 0")]
    public void Malformed_status_gives_an_error(string text) => Assert.False(DmStatus.Parse(text).Success);
}
