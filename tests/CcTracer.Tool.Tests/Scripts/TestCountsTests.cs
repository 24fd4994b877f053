using System.Diagnostics;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Tool.Tests.Scripts;

/// <summary>scripts/test-counts.sh: the closing line of the test command, from dotnet test's own summary.</summary>
public sealed class TestCountsTests
{
    // The closing block as Microsoft.Testing.Platform prints it for a solution run (per-project lines, then the totals).
    private const string DotnetTestOutput = """
        Test run summary: Passed!
          /repo/tests/A.Tests/bin/Debug/net10.0/A.Tests.dll (net10.0|x64) passed (4s 854ms)
          /repo/tests/B.Tests/bin/Debug/net10.0/B.Tests.dll (net10.0|x64) passed (3s 629ms)
          total: 412
          failed: 0
          succeeded: 411
          skipped: 1
          duration: 13s 679ms
        """;

    [Fact]
    public async Task Skipped_tests_and_the_smoke_run_are_not_counted_as_passed_tests()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The test command is a bash script.");
        var (code, output) = await RunAsync(DotnetTestOutput, "passed");

        Assert.Equal(0, code);
        Assert.Equal(["tests: 412 run by dotnet test; benchmark smoke run passed", "411 passed, 0 failed, 1 skipped"], Lines(output));
    }

    [Fact]
    public async Task A_failed_smoke_run_counts_as_a_failure_on_the_plain_closing_line()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The test command is a bash script.");
        var (_, output) = await RunAsync(DotnetTestOutput, "FAILED");

        // CI reads only the last line, and only when it stands alone: it must not say "0 failed" here.
        Assert.Equal("411 passed, 1 failed, 1 skipped", Lines(output)[^1]);
    }

    [Fact]
    public async Task No_tests_at_all_is_a_failure()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The test command is a bash script.");
        var (code, output) = await RunAsync("Test run summary: Zero tests ran\n  total: 0\n", "passed");

        Assert.Equal(1, code);
        Assert.Contains("no tests ran", output, StringComparison.Ordinal);
        Assert.Equal("0 passed, 1 failed, 0 skipped", Lines(output)[^1]);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<(int Code, string Output)> RunAsync(string dotnetTestOutput, string smoke)
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, dotnetTestOutput.Replace("\r\n", "\n", StringComparison.Ordinal), ct);
            using var process = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { Path.Combine(RepositoryPaths.Root, "scripts", "test-counts.sh"), file, smoke }, RedirectStandardOutput = true })!;
            var output = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
