using Mpath.Linux.Discovery;

namespace Mpath.Linux.Tests.Discovery;

public sealed class HostFileSystemTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mpath-hostfs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void An_attribute_loses_its_trailing_newline_only()
    {
        Assert.Equal(" running", HostFileSystem.ReadAttribute(File("state", " running\n"u8.ToArray())));
        Assert.Equal("", HostFileSystem.ReadAttribute(File("empty", [])));
    }

    [Fact]
    public void A_file_larger_than_a_page_is_read_whole()
    {
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + i % 26)));
        Assert.Equal(text, HostFileSystem.ReadAttribute(File("long", System.Text.Encoding.UTF8.GetBytes(text + "\n"))));
        var bytes = Enumerable.Range(0, 10000).Select(i => (byte)i).ToArray();
        Assert.Equal(bytes, HostFileSystem.ReadBinary(File("blob", bytes)));
    }

    [Fact]
    public void Missing_files_and_directories_read_as_null()
    {
        Assert.Null(HostFileSystem.ReadAttribute(Path.Combine(_dir, "nothing")));
        Assert.Null(HostFileSystem.ReadBinary(Path.Combine(_dir, "nothing")));
        Assert.Null(HostFileSystem.ReadAttribute(_dir));
    }
}
