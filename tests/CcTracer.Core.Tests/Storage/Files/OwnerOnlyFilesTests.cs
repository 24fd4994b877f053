using Xunit;
using static CcTracer.Core.Tests.Storage.Files.LogFileFixture;

namespace CcTracer.Core.Tests.Storage.Files;

/// <summary>Logs hold prompts, code and API traffic: only their owner may read them.</summary>
public sealed class OwnerOnlyFilesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task New_log_directories_are_0700_and_session_files_0600()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only");
        var logs = Path.Combine(_dir.Path, "home", "logs");
        await using (var log = Open(logs))
        {
            log.Append(Hook("s-perm", 1));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(logs));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_dir.Path, "home")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(logs, "s-perm.jsonl")));
    }

    public void Dispose() => _dir.Dispose();
}
