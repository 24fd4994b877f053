using CcTracer.Storage;
using Xunit;

namespace CcTracer.Core.Tests.Storage;

/// <summary>What <see cref="SessionLogReader.ListSessionsAsync"/> says about each session: the picker's facts.</summary>
public sealed class SessionListingTests : IDisposable
{
    private const string Ended = "69291977-120d-4f2a-bfbc-187768282b87";
    private readonly TempDirectory _dir = new();

    private SessionLogReader Reader() => new(Microsoft.Extensions.Options.Options.Create(new TraceStoreOptions { LogDirectory = _dir.Path }));

    private static string Fixture => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "sessions", "one-tool-session.jsonl"));

    private static string Hook(long seq, string session, string hookEvent, string extra = "")
        => $$$"""{"v":1,"seq":{{{seq}}},"type":"hook","ts":"2026-12-01T10:00:00.000Z","session_id":"{{{session}}}","event":"{{{hookEvent}}}","payload":{"session_id":"{{{session}}}","cwd":"/work/other-app","hook_event_name":"{{{hookEvent}}}"{{{extra}}}}}""" + "\n";

    [Fact]
    public async Task A_session_that_saw_SessionEnd_is_ended_not_live_even_when_just_written()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, Ended + ".jsonl"), Fixture, TestContext.Current.CancellationToken);

        var session = Assert.Single(await Reader().ListSessionsAsync(TestContext.Current.CancellationToken));

        Assert.True(session.Ended);
        Assert.False(session.Active);
        Assert.Equal("run echo hi", session.FirstPrompt);
        Assert.Equal("/home/dev/project", session.Cwd);
        Assert.Equal(2, session.Turns);
    }

    [Fact]
    public async Task A_running_session_is_live_and_a_resumed_one_is_live_again()
    {
        var path = Path.Combine(_dir.Path, "s-run.jsonl");
        await File.WriteAllTextAsync(path, Hook(1, "s-run", "SessionStart") + Hook(2, "s-run", "UserPromptSubmit", ""","prompt":"fix the login bug" """), TestContext.Current.CancellationToken);
        var reader = Reader();

        var running = Assert.Single(await reader.ListSessionsAsync(TestContext.Current.CancellationToken));
        Assert.True(running.Active);
        Assert.False(running.Ended);
        Assert.Equal("fix the login bug", running.FirstPrompt);
        Assert.Equal("/work/other-app", running.Cwd);
        Assert.Equal(0, running.Turns);

        await File.AppendAllTextAsync(path, Hook(3, "s-run", "SessionEnd"), TestContext.Current.CancellationToken);
        Assert.True(Assert.Single(await reader.ListSessionsAsync(TestContext.Current.CancellationToken)).Ended);

        await File.AppendAllTextAsync(path, Hook(4, "s-run", "SessionStart", ""","source":"resume" """), TestContext.Current.CancellationToken);
        var resumed = Assert.Single(await reader.ListSessionsAsync(TestContext.Current.CancellationToken));
        Assert.False(resumed.Ended);
        Assert.True(resumed.Active);
        Assert.Equal("fix the login bug", resumed.FirstPrompt);
    }

    public void Dispose() => _dir.Dispose();
}
