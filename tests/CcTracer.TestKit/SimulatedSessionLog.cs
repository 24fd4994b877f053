using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcTracer.TestKit;

/// <summary>
/// A session log (schema v1 JSONL, as docs/record-schema.md describes it) of Messages API calls
/// whose usage comes from a <see cref="PromptCacheSimulator"/> on the same clock: each
/// <see cref="Call"/> writes the <c>api_request</c> with the body and an <c>api_response</c>
/// reporting the simulated cache reads and writes, stamped with the clock's time. Move the clock
/// (e.g. a <c>FakeTimeProvider</c>) between calls to test TTLs without waiting.
/// </summary>
public sealed class SimulatedSessionLog
{
    private readonly StringBuilder _lines = new();
    private readonly TimeProvider _time;
    private long _seq;
    private int _exchange;

    /// <summary>Creates a log of session <paramref name="sessionId"/> on <paramref name="time"/>.</summary>
    public SimulatedSessionLog(string sessionId, TimeProvider time)
    {
        SessionId = sessionId;
        _time = time;
        Cache = new PromptCacheSimulator(time);
    }

    /// <summary>The session id written in every record.</summary>
    public string SessionId { get; }

    /// <summary>The simulated cache the calls go through.</summary>
    public PromptCacheSimulator Cache { get; }

    /// <summary>The usage reported for each call, in order.</summary>
    public List<SimulatedUsage> Usages { get; } = [];

    /// <summary>
    /// Records one call: request <paramref name="body"/> (with extra request <paramref name="headers"/>),
    /// answered with the simulated usage, <paramref name="outputTokens"/>, and extra response
    /// headers (<c>anthropic-ratelimit-*</c> go to <c>rate_limits</c> too). Returns the request's seq.
    /// </summary>
    public long Call(JsonObject body, IReadOnlyDictionary<string, string>? headers = null, int outputTokens = 40, IReadOnlyDictionary<string, string>? responseHeaders = null, JsonObject? messageExtras = null, double ttftMs = 900, double totalMs = 2400, IReadOnlyList<double>? eventOffsetsMs = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var bytes = RequestBodies.Bytes(body);
        var usage = Cache.Process(bytes);
        Usages.Add(usage);
        var exchange = $"ex{++_exchange:D6}";
        var started = _time.GetUtcNow();
        var requestHeaders = new JsonObject { ["X-Claude-Code-Session-Id"] = SessionId, ["x-api-key"] = "sk-ant-…[redacted 10 chars]" };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            requestHeaders[name] = value;
        }

        var requestSeq = ++_seq;
        Line(new JsonObject
        {
            ["v"] = 1, ["seq"] = requestSeq, ["type"] = "api_request", ["ts"] = Stamp(started), ["session_id"] = SessionId,
            ["exchange_id"] = exchange, ["method"] = "POST", ["path"] = "/v1/messages?beta=true", ["kind"] = "messages",
            ["headers"] = requestHeaders, ["model"] = body["model"]?.DeepClone(), ["stream"] = true, ["body_bytes"] = bytes.Length,
            ["body"] = JsonNode.Parse(bytes),
        });

        var usageJson = new JsonObject
        {
            ["input_tokens"] = usage.Input, ["cache_creation_input_tokens"] = usage.CacheWrite,
            ["cache_read_input_tokens"] = usage.CacheRead, ["output_tokens"] = outputTokens, ["service_tier"] = "standard",
        };
        var message = new JsonObject
        {
            ["id"] = $"msg_{exchange}", ["type"] = "message", ["role"] = "assistant", ["model"] = body["model"]?.DeepClone(),
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "Done." }),
            ["stop_reason"] = "end_turn", ["stop_sequence"] = null, ["usage"] = usageJson.DeepClone(),
        };
        foreach (var (name, value) in messageExtras ?? [])
        {
            message[name] = value?.DeepClone();
        }

        var responseHeaderJson = new JsonObject { ["Content-Type"] = "text/event-stream; charset=utf-8" };
        var rateLimits = new JsonObject { ["request-id"] = $"req_{exchange}" };
        foreach (var (name, value) in responseHeaders ?? new Dictionary<string, string>())
        {
            responseHeaderJson[name] = value;
            if (name.StartsWith("anthropic-ratelimit-", StringComparison.OrdinalIgnoreCase))
            {
                rateLimits[name] = value;
            }
        }

        var offsets = eventOffsetsMs ?? [ttftMs, ttftMs, totalMs];
        Line(new JsonObject
        {
            ["v"] = 1, ["seq"] = ++_seq, ["type"] = "api_response", ["ts"] = Stamp(started + TimeSpan.FromMilliseconds(totalMs)), ["session_id"] = SessionId,
            ["exchange_id"] = exchange, ["status"] = 200, ["headers"] = responseHeaderJson, ["rate_limits"] = rateLimits, ["streamed"] = true,
            ["body_bytes"] = 0, ["body_text"] = string.Empty,
            ["event_offsets_ms"] = new JsonArray([.. offsets.Select(o => (JsonNode)o)]),
            ["message"] = message, ["complete"] = true, ["error"] = null,
            ["timings"] = new JsonObject { ["ttfb_ms"] = ttftMs, ["ttft_ms"] = ttftMs, ["total_ms"] = totalMs, ["blocks"] = new JsonArray(), ["stalls"] = new JsonArray() },
            ["usage"] = usageJson,
        });
        return requestSeq;
    }

    /// <summary>Records a hook (records that are not API calls are skipped by analysis, but take a seq).</summary>
    public void Hook(string eventName)
        => Line(new JsonObject
        {
            ["v"] = 1, ["seq"] = ++_seq, ["type"] = "hook", ["ts"] = Stamp(_time.GetUtcNow()), ["session_id"] = SessionId, ["event"] = eventName,
            ["payload"] = new JsonObject { ["session_id"] = SessionId, ["hook_event_name"] = eventName },
        });

    /// <summary>The JSONL text so far.</summary>
    public string Text => _lines.ToString();

    /// <summary>The JSONL so far, as a stream to read back.</summary>
    public MemoryStream ToStream() => new(Encoding.UTF8.GetBytes(_lines.ToString()));

    /// <summary>Writes the log to <paramref name="path"/>.</summary>
    public void WriteTo(string path) => File.WriteAllText(path, _lines.ToString());

    private void Line(JsonObject record) => _lines.Append(record.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })).Append('\n');

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
