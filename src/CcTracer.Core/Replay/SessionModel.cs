using System.Text;
using System.Text.Json;
using CcTracer.Hooks;
using CcTracer.Storage;

namespace CcTracer.Replay;

/// <summary>
/// Turns a session's records (in <c>seq</c> order) into exchanges, hooks and joined tool calls. Shared by
/// <see cref="RecordedSession"/> (a whole file) and <see cref="ToolCallCorrelator"/> (records as they arrive).
/// </summary>
internal sealed class SessionModel
{
    private SessionModel(
        IReadOnlyList<RecordedTurn> exchanges,
        IReadOnlyList<RecordedHook> hooks,
        IReadOnlyList<RecordedToolCall> toolCalls,
        IReadOnlyList<StoredRecord> notices,
        IReadOnlyList<string> warnings)
    {
        Exchanges = exchanges;
        Hooks = hooks;
        ToolCalls = toolCalls;
        Notices = notices;
        Warnings = warnings;
    }

    public IReadOnlyList<RecordedTurn> Exchanges { get; }

    public IReadOnlyList<RecordedHook> Hooks { get; }

    public IReadOnlyList<RecordedToolCall> ToolCalls { get; }

    public IReadOnlyList<StoredRecord> Notices { get; }

    public IReadOnlyList<string> Warnings { get; }

    public static SessionModel Build(IReadOnlyList<StoredRecord> records, IEnumerable<string>? readWarnings = null)
    {
        var warnings = readWarnings?.ToList() ?? [];
        var order = new List<string>();
        var requests = new Dictionary<string, StoredRecord>(StringComparer.Ordinal);
        var responses = new Dictionary<string, StoredRecord>(StringComparer.Ordinal);
        var notices = new List<StoredRecord>();
        foreach (var record in records)
        {
            switch (record.Type)
            {
                case RecordTypes.ApiRequest or RecordTypes.ApiResponse:
                    var id = RecordedJson.String(record.Root, "exchange_id") ?? $"seq-{record.Seq}";
                    var target = record.Type == RecordTypes.ApiRequest ? requests : responses;
                    if (!target.TryAdd(id, record))
                    {
                        warnings.Add($"seq {record.Seq}: a second {record.Type} for exchange {id} was ignored");
                        break;
                    }

                    if (!requests.ContainsKey(id) || !responses.ContainsKey(id))
                    {
                        order.Add(id);
                    }

                    break;
                case RecordTypes.Notice:
                    notices.Add(record);
                    break;
            }
        }

        var exchanges = new List<RecordedTurn>(order.Count);
        var byId = new Dictionary<string, RecordedTurn>(StringComparer.Ordinal);
        foreach (var id in order)
        {
            var turn = new RecordedTurn(exchanges.Count, id, requests.GetValueOrDefault(id), responses.GetValueOrDefault(id));
            exchanges.Add(turn);
            byId[id] = turn;
        }

        // Walk the log in order so that calls are listed as they happened: a turn's tool_use blocks
        // when its response was logged, a hook-only call when its first hook was.
        var hooks = new List<RecordedHook>();
        var calls = new List<RecordedToolCall>();
        var callsById = new Dictionary<string, RecordedToolCall>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Type == RecordTypes.ApiResponse)
            {
                var id = RecordedJson.String(record.Root, "exchange_id") ?? $"seq-{record.Seq}";
                if (byId.TryGetValue(id, out var turn) && ReferenceEquals(turn.ResponseRecord, record))
                {
                    foreach (var block in turn.ToolUseBlocks)
                    {
                        var callId = RecordedJson.String(block, "id");
                        if (callId is null || callsById.ContainsKey(callId))
                        {
                            continue;
                        }

                        var input = block.TryGetProperty("input", out var i) ? i : default;
                        var call = new RecordedToolCall(callId, RecordedJson.String(block, "name"), input, turn, block);
                        calls.Add(call);
                        callsById.Add(callId, call);
                    }
                }
            }
            else if (record.Type == RecordTypes.Hook)
            {
                if (ParseHook(record, warnings) is not { } hook)
                {
                    continue;
                }

                hooks.Add(hook);
                if (hook.ToolUseId is { Length: > 0 } callId)
                {
                    if (!callsById.TryGetValue(callId, out var call))
                    {
                        call = new RecordedToolCall(callId, null, default, null, null);
                        calls.Add(call);
                        callsById.Add(callId, call);
                    }

                    call.AddHook(hook);
                }
            }
        }

        AttachResults(exchanges, callsById);
        return new SessionModel(exchanges, hooks, calls, notices, warnings);
    }

    private static void AttachResults(List<RecordedTurn> exchanges, Dictionary<string, RecordedToolCall> callsById)
    {
        foreach (var turn in exchanges)
        {
            if (!turn.IsMessages || turn.Messages is not { ValueKind: JsonValueKind.Array } messages)
            {
                continue;
            }

            foreach (var message in messages.EnumerateArray())
            {
                if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var block in content.EnumerateArray())
                {
                    if (RecordedJson.String(block, "type") != "tool_result"
                        || RecordedJson.String(block, "tool_use_id") is not { } id
                        || !callsById.TryGetValue(id, out var call)
                        || call.Result is not null
                        || (call.Turn is not null && call.Turn.Index >= turn.Index))
                    {
                        continue;
                    }

                    call.Result = block;
                    call.ResultTurn = turn;
                }
            }
        }
    }

    private static RecordedHook? ParseHook(StoredRecord record, List<string> warnings)
    {
        var root = record.Root;
        byte[] payload;
        if (root.TryGetProperty("payload", out var p))
        {
            payload = Encoding.UTF8.GetBytes(p.GetRawText());
        }
        else if (RecordedJson.String(root, "payload_text") is { } text)
        {
            payload = Encoding.UTF8.GetBytes(text);
        }
        else if (RecordedJson.String(root, "payload_base64") is { } base64 && TryBase64(base64) is { } raw)
        {
            // Not UTF-8 (the log kept it exactly): typed reads need text, so invalid bytes read as U+FFFD here.
            payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(raw));
            warnings.Add($"seq {record.Seq}: hook payload is not UTF-8; its invalid bytes read as U+FFFD");
        }
        else
        {
            warnings.Add($"seq {record.Seq}: hook record without a payload was skipped");
            return null;
        }

        if (!HookEvent.TryParse(payload, RecordedJson.String(root, "event"), out var hookEvent, out var error))
        {
            warnings.Add($"seq {record.Seq}: {error}");
            return null;
        }

        return new RecordedHook(record.Seq, record.Timestamp, hookEvent);
    }

    private static byte[]? TryBase64(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
