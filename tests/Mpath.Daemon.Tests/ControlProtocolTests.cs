using System.Buffers.Binary;
using CsCheck;
using Mpath.Daemon.Control;

namespace Mpath.Daemon.Tests;

public class ControlProtocolTests
{
    [Theory]
    [InlineData("show paths", "show paths")]
    [InlineData("list multipaths json", "show maps json")]
    [InlineData("show map mpatha json", "show map $map json")]
    [InlineData("switchgroup multipath mpatha group 2", "switch map $map group $group")]
    [InlineData("remove path sdb", "del path $path")]
    [InlineData("show paths format \"%d %t %T\"", "show paths format $format")]
    [InlineData("  show   topology  ", "show topology")]
    [InlineData("exit", "quit")]
    public void Parses_multipathd_commands_with_synonyms(string text, string shape)
    {
        var result = ControlCommandGrammar.Parse(text);
        Assert.True(result.Ok, result.Error);
        Assert.Equal(shape, result.Command!.Shape);
    }

    [Fact]
    public void Keeps_parameters_and_strips_format_quotes()
    {
        var command = ControlCommandGrammar.Parse("switch map mpathb group 3").Command!;
        Assert.Equal("mpathb", command.Parameter("map"));
        Assert.Equal("3", command.Parameter("group"));
        Assert.Equal("%d %t %T", ControlCommandGrammar.Parse("show paths format \"%d %t %T\"").Command!.Parameter("format"));
    }

    [Theory]
    [InlineData("", "empty command")]
    [InlineData("frobnicate maps", "unknown keyword 'frobnicate'")]
    [InlineData("fail path", "'path' needs a parameter")]
    [InlineData("show paths \"%d", "unterminated quote")]
    [InlineData("fail maps", "invalid command")]
    [InlineData("show show show", "invalid command")]
    public void Rejects_malformed_commands_with_a_reason(string text, string reason)
    {
        var result = ControlCommandGrammar.Parse(text);
        Assert.False(result.Ok);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("show maps json", true)]
    [InlineData("show config", true)]
    [InlineData("fail path sda", false)]
    [InlineData("reconfigure", false)]
    [InlineData("switch map m group 1", false)]
    [InlineData("shutdown", false)]
    public void Only_show_commands_are_read_only(string text, bool readOnly) =>
        Assert.Equal(readOnly, ControlCommandGrammar.Parse(text).Command!.IsReadOnly);

    [Fact]
    public void Every_listed_shape_parses_back_to_itself()
    {
        foreach (var shape in ControlCommandGrammar.Shapes)
        {
            var typed = shape.Replace("$format", "\"%d\"", StringComparison.Ordinal).Replace("$", "x", StringComparison.Ordinal);
            Assert.Equal(shape, ControlCommandGrammar.Parse(typed).Command?.Shape);
        }
    }

    [Fact]
    public void Random_text_never_throws() =>
        Gen.String.Sample(text => { _ = ControlCommandGrammar.Parse(text); }, iter: 5000);

    [Fact]
    public async Task Wire_format_is_a_native_length_then_the_text_with_its_nul()
    {
        var bytes = ControlWireFormat.Encode("show paths");
        Assert.Equal(11UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(0, bytes[^1]);
        using var stream = new MemoryStream(bytes);
        Assert.Equal("show paths", await ControlWireFormat.ReadAsync(stream, 1024, CancellationToken.None));
        Assert.Null(await ControlWireFormat.ReadAsync(stream, 1024, CancellationToken.None));
    }

    [Fact]
    public async Task Oversized_and_truncated_messages_are_protocol_errors()
    {
        var big = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(big, 1UL << 40);
        await Assert.ThrowsAsync<ControlProtocolException>(async () => await ControlWireFormat.ReadAsync(new MemoryStream(big), 1024, CancellationToken.None));
        var truncated = ControlWireFormat.Encode("show maps")[..12];
        await Assert.ThrowsAsync<ControlProtocolException>(async () => await ControlWireFormat.ReadAsync(new MemoryStream(truncated), 1024, CancellationToken.None));
        await Assert.ThrowsAsync<ControlProtocolException>(async () => await ControlWireFormat.ReadAsync(new MemoryStream(new byte[3]), 1024, CancellationToken.None));
    }
}
