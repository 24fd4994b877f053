using System.Runtime.CompilerServices;
using CcTracer.Replay;
using Xunit;

namespace AgentLoop.Tests;

/// <summary>
/// Keeps the recorder working: every run records a fresh session through the tracer and checks it matches
/// the shipped fixture. With <c>AGENTLOOP_RECORD=1</c> the fresh log replaces the fixture (see README.md).
/// </summary>
public sealed class RecordingTests
{
    [Fact]
    public async Task Recording_through_the_tracer_reproduces_the_shipped_fixture()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Path.Combine(Path.GetTempPath(), "agentloop-recording", Guid.NewGuid().ToString("N"));
        await using var upstream = await ScriptedWeatherUpstream.StartAsync(ct);

        var log = await WeatherRecorder.RecordAsync(upstream.BaseAddress, directory, "sk-ant-api03-recording-key-not-a-secret-000000", ct);
        var fresh = await RecordedSession.LoadAsync(log, ct);

        Assert.Equal(2, fresh.Turns.Count);
        Assert.Equal(ScriptedWeatherUpstream.FinalText, fresh.FinalText);
        if (Environment.GetEnvironmentVariable("AGENTLOOP_RECORD") == "1")
        {
            File.Copy(log, Fixtures.SourcePath(), overwrite: true);
            File.Copy(log, Fixtures.OutputPath, overwrite: true);
        }

        var shipped = await Fixtures.LoadAsync(ct);
        Assert.Equal(shipped.Exchanges.Select(e => e.Path), fresh.Exchanges.Select(e => e.Path));
        Assert.Equal(shipped.Exchanges.Select(e => e.RequestBody), fresh.Exchanges.Select(e => e.RequestBody));
        Assert.Equal(shipped.Exchanges.Select(e => e.ResponseBody), fresh.Exchanges.Select(e => e.ResponseBody));
        Directory.Delete(directory, recursive: true);
    }
}

/// <summary>The recorded session shipped with the sample.</summary>
internal static class Fixtures
{
    public const string Name = "weather-paris.jsonl";

    public static string OutputPath => Path.Combine(AppContext.BaseDirectory, "recordings", Name);

    public static Task<RecordedSession> LoadAsync(CancellationToken ct) => RecordedSession.LoadAsync(OutputPath, ct);

    public static string SourcePath([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "recordings", Name);
}
