using CcTracer.Core.Tests.Storage;
using CcTracer.Secrets;
using Xunit;

namespace CcTracer.Core.Tests.Secrets;

public sealed class MaskKeyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void The_key_is_made_once_private_to_its_owner_and_read_back_the_same()
    {
        var path = Path.Combine(_dir.Path, "home", "mask.key");

        var first = MaskKey.LoadOrCreate(path);
        var second = MaskKey.LoadOrCreate(path);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        // Another install (another file) hashes the same secret differently.
        var other = MaskKey.LoadOrCreate(Path.Combine(_dir.Path, "other.key"));
        Assert.NotEqual(new SecretMasker(first, true).Hash("secret"u8), new SecretMasker(other, true).Hash("secret"u8));
    }

    public void Dispose() => _dir.Dispose();
}
