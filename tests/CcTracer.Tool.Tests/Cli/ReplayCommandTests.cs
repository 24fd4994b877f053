using System.Net;
using CcTracer.Replay;
using CcTracer.Tool.Cli;
using Xunit;

namespace CcTracer.Tool.Tests.Cli;

public sealed class ReplayCommandTests
{
    private const string Log =
        "{\"v\":1,\"seq\":1,\"type\":\"api_request\",\"ts\":\"2026-05-01T12:00:00.000Z\",\"session_id\":\"s\",\"exchange_id\":\"e1\",\"method\":\"POST\",\"path\":\"/v1/messages\",\"kind\":\"messages\",\"headers\":{},\"body_bytes\":2,\"body\":{}}\n" +
        "{\"v\":1,\"seq\":2,\"type\":\"api_response\",\"ts\":\"2026-05-01T12:00:01.000Z\",\"session_id\":\"s\",\"exchange_id\":\"e1\",\"status\":200,\"headers\":{\"content-type\":\"application/json\"},\"streamed\":false,\"body_bytes\":15,\"body\":{\"type\":\"message\"},\"complete\":true,\"error\":null}\n";

    [Fact]
    public async Task Replay_serves_the_recording_on_loopback_until_cancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, Log, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ready = new TaskCompletionSource<Uri>();
        using var output = new StringWriter();

        var run = ReplayCommand.RunAsync(path, 0, new ReplayOptions(), new ToolOutput(output, TextWriter.Null), ready.SetResult, stop.Token);
        var address = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        using var client = new HttpClient { BaseAddress = address };
        using var probe = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"), ct);
        using var turn = await client.PostAsync("/v1/messages", new StringContent("{}"), ct);
        var body = await turn.Content.ReadAsStringAsync(ct);
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal("{\"type\":\"message\"}", body);
        Assert.Equal(IPAddressLoopback(), address.Host);
        Assert.Contains("Served 1 of 1 exchange(s).", output.ToString(), StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public async Task Lenient_replay_summary_names_each_answer_given_to_a_different_request()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = await ReplayOnceAsync("{\"messages\":[{\"role\":\"user\",\"content\":\"London?\"}]}", HttpStatusCode.OK, ct);

        Assert.Contains("Served 1 of 1 exchange(s).", output, StringComparison.Ordinal);
        Assert.Contains("1 of them answered a request that differed from the recorded one", output, StringComparison.Ordinal);
        Assert.Contains("messages[0].content: expected \"Paris?\" got \"London?\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streaming_request_against_a_non_streamed_recording_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = await ReplayOnceAsync("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Paris?\"}]}", HttpStatusCode.BadRequest, ct);

        Assert.Contains("Served 0 of 1 exchange(s).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_of_a_missing_file_exits_2_with_the_path_on_stderr_like_every_other_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await TracerCommandLine.RunAsync(["replay", "/nonexistent/s.jsonl"], new ToolOutput(output, error), TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, output.ToString());
        Assert.StartsWith("cc-tracer: error: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("/nonexistent/s.jsonl", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Replays a one-exchange recording (the prompt "Paris?", not streamed) to one request; returns the command's output.</summary>
    private static async Task<string> ReplayOnceAsync(string requestJson, HttpStatusCode expected, CancellationToken ct)
    {
        var log = Log.Replace("\"body_bytes\":2,\"body\":{}", "\"body_bytes\":46,\"body\":{\"messages\":[{\"role\":\"user\",\"content\":\"Paris?\"}]}", StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, log, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ready = new TaskCompletionSource<Uri>();
        var output = new StringWriter();

        using var error = new StringWriter();
        var run = ReplayCommand.RunAsync(path, 0, new ReplayOptions(), new ToolOutput(output, error), ready.SetResult, stop.Token);
        using var client = new HttpClient { BaseAddress = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), ct) };
        using (var response = await client.PostAsync("/v1/messages", new StringContent(requestJson), ct))
        {
            Assert.Equal(expected, response.StatusCode);
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run);
        File.Delete(path);
        return output.ToString();
    }

    private static string IPAddressLoopback() => IPAddress.Loopback.ToString();
}
