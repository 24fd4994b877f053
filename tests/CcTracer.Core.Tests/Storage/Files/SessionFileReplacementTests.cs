using CcTracer.Storage;
using Xunit;
using static CcTracer.Core.Tests.Storage.Files.LogFileFixture;

namespace CcTracer.Core.Tests.Storage.Files;

/// <summary>A log file deleted or rotated while the server writes it: later records must not vanish.</summary>
public sealed class SessionFileReplacementTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_deleted_log_is_recreated_with_a_notice_and_later_records_land_in_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_dir.Path, "s-del.jsonl");
        await using (var log = Open(_dir.Path))
        {
            log.Append(Hook("s-del", 1));
            await log.FlushAsync(ct);
            File.Delete(path);
            log.Append(Hook("s-del", 2));
            await log.FlushAsync(ct);
        }

        var records = await ReadAsync(path);
        Assert.Equal([2], HookIndexes(records));
        var notice = Assert.Single(records, r => r.Type == RecordTypes.Notice);
        Assert.Equal("file=deleted", notice.Root.GetProperty("detail").GetString());
        Assert.Contains("deleted", notice.Root.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_log_keeps_the_old_records_where_it_went_and_a_new_file_says_where()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_dir.Path, "s-rot.jsonl");
        var rotated = path + ".1";
        await using (var log = Open(_dir.Path))
        {
            log.Append(Hook("s-rot", 1));
            await log.FlushAsync(ct);
            File.Move(path, rotated);
            log.Append(Hook("s-rot", 2));
            log.Append(Hook("s-rot", 3));
            await log.FlushAsync(ct);
        }

        Assert.Equal([1], HookIndexes(await ReadAsync(rotated)));
        var records = await ReadAsync(path);
        Assert.Equal([2, 3], HookIndexes(records));
        var notice = Assert.Single(records, r => r.Type == RecordTypes.Notice);
        Assert.StartsWith("file=moved", notice.Root.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            Assert.Contains(rotated, notice.Root.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_log_truncated_by_another_program_goes_on_at_its_end_on_a_line_of_its_own()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_dir.Path, "s-trunc.jsonl");
        await using (var log = Open(_dir.Path))
        {
            log.Append(Hook("s-trunc", 1, pad: 100));
            await log.FlushAsync(ct);
            using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                truncate.SetLength(20);
            }

            log.Append(Hook("s-trunc", 2));
            await log.FlushAsync(ct);
        }

        var warnings = new List<string>();
        var records = await ReadAsync(path, warnings);
        Assert.Equal([2], HookIndexes(records));
        Assert.Single(warnings);
        Assert.Empty(GluedLines(path));
        Assert.DoesNotContain('\0', File.ReadAllText(path));
    }

    public void Dispose() => _dir.Dispose();
}
