using Xunit;
using static CcTracer.Core.Tests.Storage.Files.LogFileFixture;

namespace CcTracer.Core.Tests.Storage.Files;

/// <summary>One handle per session forever ran into the descriptor limit; now at most MaxOpenFiles stay open.</summary>
public sealed class OpenFileLimitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Twenty_thousand_sessions_lose_nothing_and_keep_few_files_open()
    {
        const int sessions = 20_000;
        const int limit = 16;
        var ct = TestContext.Current.CancellationToken;
        await using (var log = Open(_dir.Path, maxOpenFiles: limit))
        {
            // Two rounds, so every session's file is closed and reopened in between.
            for (var round = 0; round < 2; round++)
            {
                for (var s = 0; s < sessions; s++)
                {
                    Assert.True(log.Append(Hook($"s{s}", round)));
                }

                await log.FlushAsync(ct);
                if (OperatingSystem.IsLinux())
                {
                    Assert.InRange(OpenFilesUnder(_dir.Path), 1, limit);
                }
            }

            Assert.Equal(0, log.WriteFailures);
        }

        Assert.Equal(sessions, Directory.GetFiles(_dir.Path, "*.jsonl").Length);
        for (var s = 0; s < sessions; s += 997)
        {
            var records = await ReadAsync(Path.Combine(_dir.Path, $"s{s}.jsonl"));
            Assert.Equal([1L, 2L], records.Select(r => r.Seq));
            Assert.Equal([0, 1], HookIndexes(records));
        }

        // Every file whole: two complete lines each.
        Assert.All(Directory.GetFiles(_dir.Path, "*.jsonl"), f => Assert.Equal(2, File.ReadAllBytes(f).Count(b => b == (byte)'\n')));
    }

    private static int OpenFilesUnder(string directory)
        => new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd =>
        {
            try
            {
                return fd.LinkTarget?.StartsWith(directory, StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false;
            }
        });

    public void Dispose() => _dir.Dispose();
}
