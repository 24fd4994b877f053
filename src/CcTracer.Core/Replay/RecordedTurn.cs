using System.Text;
using System.Text.Json;
using CcTracer.Storage;

namespace CcTracer.Replay;

/// <summary>
/// One recorded <c>/v1/*</c> exchange: the <c>api_request</c> record and its <c>api_response</c>
/// (<see langword="null"/> parts when the log holds only one of them). For <c>/v1/messages</c> it is
/// an API turn: the request's model, system, tools and messages, and the reassembled message.
/// </summary>
public sealed class RecordedTurn
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    internal RecordedTurn(int index, string exchangeId, StoredRecord? request, StoredRecord? response)
    {
        Index = index;
        ExchangeId = exchangeId;
        RequestRecord = request;
        ResponseRecord = response;
        if (request is not null)
        {
            var root = request.Root;
            Method = RecordedJson.String(root, "method") ?? "POST";
            Path = RecordedJson.String(root, "path") ?? string.Empty;
            Kind = RecordedJson.String(root, "kind") ?? ApiKinds.FromPath(Path);
            RequestHeaders = RecordedJson.Headers(root);
            RequestBody = request.GetBody();
            Request = RecordedJson.TryParse(RequestBody);
        }
        else
        {
            Method = "POST";
            Path = string.Empty;
            Kind = ApiKinds.Other;
            RequestHeaders = NoHeaders;
            RequestBody = [];
        }

        if (response is not null)
        {
            var root = response.Root;
            Status = root.TryGetProperty("status", out var s) && s.TryGetInt32(out var status) ? status : null;
            ResponseHeaders = RecordedJson.Headers(root);
            IsStreamed = root.TryGetProperty("streamed", out var st) && st.ValueKind == JsonValueKind.True;
            ResponseBody = response.GetBody();
            EventOffsetsMs = root.TryGetProperty("event_offsets_ms", out var offsets) && offsets.ValueKind == JsonValueKind.Array
                ? offsets.EnumerateArray().Select(o => o.TryGetDouble(out var d) ? d : 0).ToArray()
                : [];
            Message = RecordedJson.Object(root, "message");
            Usage = RecordedJson.Object(root, "usage") ?? (Message is { } m ? RecordedJson.Object(m, "usage") : null);
            Timings = RecordedJson.Object(root, "timings");
            IsComplete = root.TryGetProperty("complete", out var c) ? c.ValueKind == JsonValueKind.True : Status is >= 200 and < 300;
            Error = RecordedJson.String(root, "error");
            ContentEncoding = RecordedJson.String(root, "content_encoding");
        }
        else
        {
            ResponseHeaders = NoHeaders;
            ResponseBody = [];
            EventOffsetsMs = [];
            Error = "the log holds no api_response for this exchange";
        }
    }

    /// <summary>0-based position among all recorded <c>/v1/*</c> exchanges, in request order.</summary>
    public int Index { get; }

    /// <summary>The <c>exchange_id</c> shared by the two records.</summary>
    public string ExchangeId { get; }

    /// <summary>The <c>api_request</c> record, if the log has it.</summary>
    public StoredRecord? RequestRecord { get; }

    /// <summary>The <c>api_response</c> record, if the exchange finished before the log ended.</summary>
    public StoredRecord? ResponseRecord { get; }

    /// <summary><c>messages</c>, <c>count_tokens</c> or <c>other</c> (see <see cref="ApiKinds"/>).</summary>
    public string Kind { get; }

    /// <summary>Whether this is a Messages API call (<c>/v1/messages</c>): an API turn.</summary>
    public bool IsMessages => string.Equals(Kind, ApiKinds.Messages, StringComparison.Ordinal);

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path with its query, e.g. <c>/v1/messages?beta=true</c>.</summary>
    public string Path { get; }

    /// <summary>The request headers as logged (credentials redacted).</summary>
    public IReadOnlyDictionary<string, string> RequestHeaders { get; }

    /// <summary>The request body bytes as captured.</summary>
    public byte[] RequestBody { get; }

    /// <summary>The parsed request body; <see cref="JsonValueKind.Undefined"/> when it was not JSON.</summary>
    public JsonElement Request { get; }

    /// <summary>The request's <c>model</c>.</summary>
    public string? RequestedModel => RecordedJson.String(Request, "model");

    /// <summary>The request's <c>system</c> (a string or a list of text blocks), if any.</summary>
    public JsonElement? System => RecordedJson.Property(Request, "system");

    /// <summary>The request's <c>tools</c>, if any.</summary>
    public JsonElement? Tools => RecordedJson.Property(Request, "tools");

    /// <summary>The request's <c>messages</c>, if any.</summary>
    public JsonElement? Messages => RecordedJson.Property(Request, "messages");

    /// <summary>Whether the request asked for a stream (<c>"stream": true</c>).</summary>
    public bool StreamRequested => RecordedJson.Property(Request, "stream") is { ValueKind: JsonValueKind.True };

    /// <summary>The HTTP status, or <see langword="null"/> when there is no response record.</summary>
    public int? Status { get; }

    /// <summary>Whether the exchange answered with a 4xx/5xx status.</summary>
    public bool IsHttpError => Status is >= 400;

    /// <summary>The response headers as logged.</summary>
    public IReadOnlyDictionary<string, string> ResponseHeaders { get; }

    /// <summary>The upstream <c>Content-Encoding</c>; the body here is always decoded.</summary>
    public string? ContentEncoding { get; }

    /// <summary>Whether the response was <c>text/event-stream</c>.</summary>
    public bool IsStreamed { get; }

    /// <summary>The decoded response body: for a streamed turn, the exact SSE text as UTF-8.</summary>
    public byte[] ResponseBody { get; }

    /// <summary>The exact SSE text of a streamed response; <see langword="null"/> otherwise.</summary>
    public string? SseText => IsStreamed ? Encoding.UTF8.GetString(ResponseBody) : null;

    /// <summary>Arrival of each SSE event in milliseconds since the request started (streamed only).</summary>
    public IReadOnlyList<double> EventOffsetsMs { get; }

    /// <summary>The reassembled Message object as logged; <see langword="null"/> when none arrived.</summary>
    public JsonElement? Message { get; }

    /// <summary>The final usage object.</summary>
    public JsonElement? Usage { get; }

    /// <summary>The logged <c>timings</c> object (<c>ttfb_ms</c>, <c>ttft_ms</c>, <c>total_ms</c>, blocks, stalls).</summary>
    public JsonElement? Timings { get; }

    /// <summary>Whether the turn finished normally (a complete stream, or a 2xx response).</summary>
    public bool IsComplete { get; }

    /// <summary>Why the exchange is incomplete; <see langword="null"/> when complete.</summary>
    public string? Error { get; }

    /// <summary>The model that answered (<c>message.model</c>), else the requested one.</summary>
    public string? Model => (Message is { } m ? RecordedJson.String(m, "model") : null) ?? RequestedModel;

    /// <summary>The message's <c>stop_reason</c>, e.g. <c>end_turn</c> or <c>tool_use</c>.</summary>
    public string? StopReason => Message is { } m ? RecordedJson.String(m, "stop_reason") : null;

    /// <summary>The message's content blocks (empty when there is no message).</summary>
    public IReadOnlyList<JsonElement> ContentBlocks
        => Message is { } m && m.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array
            ? content.EnumerateArray().ToArray()
            : [];

    /// <summary>The message's <c>tool_use</c> blocks, in order.</summary>
    public IReadOnlyList<JsonElement> ToolUseBlocks
        => ContentBlocks.Where(b => RecordedJson.String(b, "type") == "tool_use").ToArray();

    /// <summary>The text of the message's <c>text</c> blocks, concatenated.</summary>
    public string Text
        => string.Concat(ContentBlocks.Where(b => RecordedJson.String(b, "type") == "text").Select(b => RecordedJson.String(b, "text")));

    /// <summary><c>ttfb_ms</c> from the logged timings.</summary>
    public TimeSpan? TimeToFirstByte => Milliseconds("ttfb_ms");

    /// <summary><c>ttft_ms</c> from the logged timings.</summary>
    public TimeSpan? TimeToFirstToken => Milliseconds("ttft_ms");

    /// <summary><c>total_ms</c> from the logged timings.</summary>
    public TimeSpan? Duration => Milliseconds("total_ms");

    /// <summary>This turn's usage as token totals (zero without usage).</summary>
    public TokenTotals Tokens => Usage is { } u
        ? new TokenTotals(RecordedJson.Int64(u, "input_tokens"), RecordedJson.Int64(u, "output_tokens"), RecordedJson.Int64(u, "cache_read_input_tokens"), RecordedJson.Int64(u, "cache_creation_input_tokens"))
        : TokenTotals.Zero;

    /// <inheritdoc />
    public override string ToString() => $"#{Index} {Method} {Path} -> {Status?.ToString(global::System.Globalization.CultureInfo.InvariantCulture) ?? "no response"}{(Model is { } m ? " " + m : string.Empty)}";

    private TimeSpan? Milliseconds(string name)
        => Timings is { } t && t.TryGetProperty(name, out var v) && v.TryGetDouble(out var ms) ? TimeSpan.FromMilliseconds(ms) : null;
}
