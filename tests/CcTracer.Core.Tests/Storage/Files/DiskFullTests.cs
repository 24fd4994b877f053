using System.Diagnostics;
using CcTracer.Storage;
using Xunit;
using static CcTracer.Core.Tests.Storage.Files.LogFileFixture;

namespace CcTracer.Core.Tests.Storage.Files;

/// <summary>
/// A full disk: the traced session is never held up, failures are counted, and once space returns
/// no record is glued onto the torn end of one that failed halfway.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private volatile bool _full;

    [Fact]
    public async Task Writes_failing_halfway_leave_torn_lines_that_are_ended_before_the_next_record()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_dir.Path, "s-full.jsonl");
        await using (var log = Open(_dir.Path, writeAt: HalfThenFail))
        {
            await AppendAsync(log, 0, 3);
            _full = true;
            await AppendAsync(log, 3, 3);
            Assert.True(log.WriteFailures >= 3);
            _full = false;
            await AppendAsync(log, 6, 3);
        }

        var warnings = new List<string>();
        var records = await ReadAsync(path, warnings);
        Assert.Equal([0, 1, 2, 6, 7, 8], HookIndexes(records));
        Assert.NotEmpty(warnings);
        Assert.Empty(GluedLines(path));
    }

    [Fact]
    public async Task On_a_full_tmpfs_the_stream_flows_and_records_after_space_returns_are_whole()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "mounts a tmpfs: Linux only (the fault-injected test covers the logic)");
        var ct = TestContext.Current.CancellationToken;
        var mountPoint = Path.Combine(_dir.Path, "small");
        Directory.CreateDirectory(mountPoint);
        var (code, error) = await RunAsync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint]);
        Assert.SkipWhen(code != 0, $"cannot mount a 1 MB tmpfs here ({error.Trim()}): the fault-injected test covers the logic");
        try
        {
            var filler = Path.Combine(mountPoint, "filler");
            await File.WriteAllBytesAsync(filler, new byte[512 * 1024], ct);
            var logs = Path.Combine(mountPoint, "logs");
            var path = Path.Combine(logs, "s-full.jsonl");
            int firstAfter, next;
            await using (var log = Open(logs))
            {
                next = 0;
                while (log.WriteFailures == 0 && next < 200)
                {
                    await AppendAsync(log, next++, 1, pad: 20_000);
                }

                Assert.True(log.WriteFailures > 0, "the disk never filled up");
                await AppendAsync(log, next, 3, pad: 20_000);
                next += 3;
                File.Delete(filler);
                firstAfter = next;
                await AppendAsync(log, next, 5, pad: 20_000);
                next += 5;
            }

            var warnings = new List<string>();
            var indexes = HookIndexes(await ReadAsync(path, warnings));
            Assert.Equal(Enumerable.Range(firstAfter, next - firstAfter), indexes.Where(i => i >= firstAfter));
            Assert.NotEmpty(warnings);
            Assert.Empty(GluedLines(path));
        }
        finally
        {
            await RunAsync("umount", ["-l", mountPoint]);
        }
    }

    private static async Task AppendAsync(SessionLog log, int from, int count, int pad = 200)
    {
        for (var i = from; i < from + count; i++)
        {
            Assert.True(log.Append(Hook("s-full", i, pad)));
            await log.FlushAsync(TestContext.Current.CancellationToken);
        }
    }

    private void HalfThenFail(Microsoft.Win32.SafeHandles.SafeFileHandle handle, ReadOnlySpan<byte> bytes, long offset)
    {
        if (!_full)
        {
            RandomAccess.Write(handle, bytes, offset);
            return;
        }

        RandomAccess.Write(handle, bytes[..(bytes.Length / 2)], offset);
        throw new IOException("No space left on device");
    }

    private static async Task<(int Code, string Error)> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        args.ToList().ForEach(start.ArgumentList.Add);
        try
        {
            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }

    public void Dispose() => _dir.Dispose();
}
