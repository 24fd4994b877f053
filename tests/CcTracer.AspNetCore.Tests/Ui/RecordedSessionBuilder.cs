using System.Net;
using System.Text;
using System.Text.Json;
using CcTracer.TestKit;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// Records a real one-tool Claude Code session through the real tracer: the fixture hooks go to
/// the hook sink and the fixture requests go through the <c>/v1</c> proxy to a scripted upstream,
/// in the order Claude Code 2.1.197 produces them. The UI tests then look at what the server
/// really stores and summarizes, not at hand-written records.
/// </summary>
internal static class RecordedSessionBuilder
{
    public const string SessionId = "69291977-120d-4f2a-bfbc-187768282b87";
    public const string ToolUseId = "toolu_01";
    public const string Thinking = "The user wants me to run `echo hi`. A harmless Bash call will do.";
    public const string FinalAnswer = "Done: the command ran.";

    /// <summary>What the timeline must show, one entry per row, in order: kind and the name the row starts with.</summary>
    public static readonly IReadOnlyList<(string Kind, string Name, string Seqs)> ExpectedRows =
    [
        ("hook", "SessionStart", "1"),
        ("hook", "UserPromptSubmit", "2"),
        ("api", "claude-opus-4-8", "3 4"),
        ("hook", "PreToolUse · Bash", "5"),
        ("hook", "PostToolUse · Bash", "6"),
        ("hook", "PostToolBatch", "7"),
        ("api", "claude-opus-4-8", "8 9"),
        ("hook", "Stop", "10"),
        ("hook", "SessionEnd", "11"),
    ];

    /// <summary>Records stored for the session: 7 hooks and 2 request/response pairs.</summary>
    public const int RecordCount = 11;

    /// <summary>The model the scripted turns answer as (the fixture requests ask for it).</summary>
    public const string Model = "claude-opus-4-8";

    /// <summary>Turn 1: thinks, then calls Bash with <c>echo hi</c> as <paramref name="toolUseId"/>.</summary>
    public static ScriptedResponse ToolTurn(string toolUseId = ToolUseId, StepGate? gate = null)
        => ScriptedResponse.Stream(
            new SseScript(Model, "msg_01TurnOne") { InputTokens = 6, OutputTokens = 61 }
                .Thinking(Thinking)
                .ToolUse(toolUseId, "Bash", """{"command":"echo hi","description":"say hi"}""")
                .Build("tool_use"),
            gate: gate);

    /// <summary>Turn 2: the final answer.</summary>
    public static ScriptedResponse FinalTurn()
        => ScriptedResponse.Stream(new SseScript(Model, "msg_01TurnTwo") { InputTokens = 6, OutputTokens = 12 }.Text(FinalAnswer).Build());

    /// <summary>Starts a scripted upstream and a tracer under <paramref name="prefix"/>, and plays the session through them.</summary>
    public static async Task<RecordedSession> StartAsync(string prefix, CancellationToken cancellationToken)
    {
        var upstream = await ScriptedUpstream.StartAsync(cancellationToken: cancellationToken);
        upstream.Enqueue(ToolTurn());
        upstream.Enqueue(FinalTurn());
        var tracer = await KestrelTracer.StartAsync(prefix, upstream.BaseUri);
        var session = new RecordedSession(tracer, upstream, SessionId);
        try
        {
            await PlayAsync(tracer.Http, cancellationToken);
            if (upstream.Requests.Count != 2)
            {
                throw new InvalidOperationException($"The scripted upstream got {upstream.Requests.Count} requests, expected 2.");
            }
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }

        return session;
    }

    /// <summary>Plays the session against a tracer whose upstream is scripted with the two turns.</summary>
    public static async Task PlayAsync(HttpClient tracer, CancellationToken cancellationToken)
    {
        var count = 0;
        async Task Hook(string name)
        {
            await PostHookAsync(tracer, name, cancellationToken);
            await WaitForRecordsAsync(tracer, SessionId, count += 1, cancellationToken);
        }

        async Task Turn(string fixture)
        {
            await SendTurnAsync(tracer, fixture, cancellationToken);

            // The proxy writes api_response after the client's stream ended; wait for it so the
            // next hook cannot overtake it (a real session has the same order).
            await WaitForRecordsAsync(tracer, SessionId, count += 2, cancellationToken);
        }

        await Hook("SessionStart");
        await Hook("UserPromptSubmit");
        await Turn("request-first-turn.json");
        await Hook("PreToolUse");
        await Hook("PostToolUse");
        await Hook("PostToolBatch");
        await Turn("request-after-tool-result.json");
        await Hook("Stop");
        await Hook("SessionEnd");
    }

    /// <summary>POSTs a fixture hook compacted, as Claude Code's forwarding command sends it.</summary>
    public static async Task PostHookAsync(HttpClient tracer, string eventName, CancellationToken cancellationToken)
    {
        var json = await File.ReadAllBytesAsync(FixturePaths.File("hook-" + eventName + ".json"), cancellationToken);
        var compact = JsonSerializer.SerializeToUtf8Bytes(JsonDocument.Parse(json).RootElement);
        await PostHookAsync(tracer, compact, cancellationToken);
    }

    public static async Task PostHookAsync(HttpClient tracer, byte[] payload, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new("application/json");
        using var response = await tracer.PostAsync("hooks", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException("Hook sink answered " + response.StatusCode);
        }
    }

    /// <summary>Sends a fixture request through the proxy with Claude Code's headers and reads the whole stream.</summary>
    public static async Task SendTurnAsync(HttpClient tracer, string fixture, CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(FixturePaths.File(fixture), cancellationToken));
        var root = doc.RootElement;
        using var request = new HttpRequestMessage(HttpMethod.Post, root.GetProperty("path").GetString()!.TrimStart('/'));
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(root.GetProperty("body").GetRawText()));
        request.Content.Headers.ContentType = new("application/json");
        foreach (var header in root.GetProperty("headers").EnumerateObject())
        {
            if (header.Name is "Content-Type" or "Content-Length" or "Host" or "Accept-Encoding" or "Connection")
            {
                continue;
            }

            request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
        }

        using var response = await tracer.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || !body.Contains("message_stop", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Proxy answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        }
    }

    /// <summary>Waits until the server lists at least <paramref name="count"/> records for the session.</summary>
    public static async Task WaitForRecordsAsync(HttpClient tracer, string sessionId, int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var last = 0;
        while (true)
        {
            using var response = await tracer.GetAsync("api/sessions/" + sessionId + "/records", timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                using var list = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(timeout.Token));
                last = list.RootElement.GetArrayLength();
                if (last >= count)
                {
                    return;
                }
            }

            try
            {
                // A short pause between polls of a condition (not a guess at how long something takes).
                await Task.Delay(10, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Session {sessionId} has {last} records, expected {count}.");
            }
        }
    }
}
