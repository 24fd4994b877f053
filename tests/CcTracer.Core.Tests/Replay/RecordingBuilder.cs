using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Storage;
using CcTracer.Turns;

namespace CcTracer.Core.Tests.Replay;

/// <summary>
/// Writes a session log the way the tracer does (the library's record types and serializer, the
/// reassembler's record properties), so replay tests run against the real format.
/// </summary>
internal sealed class RecordingBuilder
{
    private readonly List<byte[]> _lines = [];
    private readonly string _sessionId;
    private DateTimeOffset _clock = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private int _exchange;

    public RecordingBuilder(string sessionId = "0b5c1f2e-1111-4222-8333-944455556666") => _sessionId = sessionId;

    public RecordingBuilder Hook(string eventName, object payload)
    {
        var node = JsonSerializer.SerializeToNode(payload)!.AsObject();
        node["session_id"] = _sessionId;
        node["hook_event_name"] = eventName;
        var bytes = Encoding.UTF8.GetBytes(node.ToJsonString());
        Add(new HookRecord(_sessionId, eventName, node["tool_use_id"]?.GetValue<string>(), bytes));
        return this;
    }

    /// <summary>A hook whose payload bytes are given exactly (e.g. not UTF-8).</summary>
    public RecordingBuilder HookBytes(string eventName, byte[] payload)
    {
        Add(new HookRecord(_sessionId, eventName, null, payload));
        return this;
    }

    /// <summary>A streamed /v1/messages exchange; the response SSE is reassembled as the proxy would.</summary>
    public RecordingBuilder Streamed(string requestJson, string sse, string path = "/v1/messages?beta=true")
    {
        var id = Request(path, requestJson);
        var bytes = Encoding.UTF8.GetBytes(sse);
        var assembler = new TurnAssembler();
        var offsets = new List<double>();
        var at = 0.0;
        foreach (var chunk in Chunks(bytes))
        {
            at += 7.5;
            assembler.Append(chunk, TimeSpan.FromMilliseconds(at));
        }

        var turn = assembler.Complete(TimeSpan.FromMilliseconds(at + 1));
        Add(Response(id, 200, "text/event-stream", bytes, turn));
        return this;
    }

    /// <summary>A non-streamed exchange (a Message, count_tokens, or an error status).</summary>
    public RecordingBuilder Json(string requestJson, int status, string responseJson, string path = "/v1/messages?beta=true")
    {
        var id = Request(path, requestJson);
        var bytes = Encoding.UTF8.GetBytes(responseJson);
        var turn = ApiKinds.FromPath(path) == ApiKinds.Messages
            ? TurnAssembler.FromJsonResponse(bytes, status, TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(42))
            : null;
        Add(Response(id, status, "application/json", bytes, turn));
        return this;
    }

    public byte[] ToBytes() => _lines.SelectMany(l => l.Append((byte)'\n')).ToArray();

    public MemoryStream ToStream() => new(ToBytes());

    /// <summary>Splits SSE into event-sized pieces, like a network would deliver them.</summary>
    private static IEnumerable<byte[]> Chunks(byte[] sse)
    {
        var text = Encoding.UTF8.GetString(sse);
        foreach (var part in text.Split("\n\n"))
        {
            if (part.Length > 0)
            {
                yield return Encoding.UTF8.GetBytes(part + "\n\n");
            }
        }
    }

    private string Request(string path, string requestJson)
    {
        var id = $"ex-{++_exchange:D3}";
        var body = Encoding.UTF8.GetBytes(requestJson);
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Add(new ApiRequestRecord(
            _sessionId,
            id,
            "POST",
            path,
            [new("anthropic-version", "2023-06-01"), new("x-api-key", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789"), new("content-type", "application/json")],
            body)
        {
            Model = root.TryGetProperty("model", out var m) ? m.GetString() : null,
            Stream = root.TryGetProperty("stream", out var s) ? s.GetBoolean() : null,
        });
        return id;
    }

    private ApiResponseRecord Response(string exchangeId, int status, string contentType, byte[] body, ApiTurn? turn)
        => new(_sessionId, exchangeId, status, [new("content-type", contentType), new("request-id", "req_" + exchangeId), new("content-length", "999")])
        {
            Streamed = turn?.IsStreamed ?? false,
            Body = body,
            Turn = turn,
            Complete = status is >= 200 and < 300,
            WireBytes = body.Length,
        };

    private void Add(TraceRecord record)
    {
        _clock = _clock.AddMilliseconds(250);
        var stamped = record;
        typeof(TraceRecord).GetProperty(nameof(TraceRecord.Timestamp))!.SetValue(stamped, _clock);
        _lines.Add(RecordSerializer.ToLine(_lines.Count + 1, RecordSerializer.SerializeFields(stamped)));
    }
}
