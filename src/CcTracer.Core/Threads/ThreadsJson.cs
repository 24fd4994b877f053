using System.Text.Json;

namespace CcTracer.Threads;

/// <summary>
/// The JSON of attribution (docs/http-api.md, <c>GET /api/sessions/{id}/threads</c>): the per-call
/// <c>thread</c> object, reusable wherever a call is described (the analysis API embeds it), and the
/// whole document.
/// </summary>
internal static class ThreadsJson
{
    private const int PromptChars = 2000;

    /// <summary>Writes a call's <c>thread</c> object: the thread's identity with this call's <c>exact</c> and <c>why</c>.</summary>
    public static void WriteCallThread(Utf8JsonWriter writer, ThreadCall call)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(call);
        writer.WriteStartObject();
        WriteIdentity(writer, call.Thread);
        writer.WriteBoolean("exact", call.Exact);
        writer.WriteString("why", call.Why);
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>{"threads","calls","compactions","resumed_from","continued_by"}</c>; <c>calls</c> only after <paramref name="afterSeq"/>.</summary>
    public static void WriteDocument(Utf8JsonWriter writer, ThreadAttributor attributor, SessionLinks? links, long afterSeq = 0)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(attributor);
        writer.WriteStartObject();
        writer.WriteNumber("last_seq", attributor.LastSeq);
        writer.WriteStartArray("threads");
        foreach (var thread in attributor.Threads)
        {
            WriteThread(writer, thread);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("calls");
        foreach (var call in attributor.Calls)
        {
            if (call.Seq <= afterSeq)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteNumber("seq", call.Seq);
            if (call.ResponseSeq is { } response)
            {
                writer.WriteNumber("response_seq", response);
            }

            writer.WriteString("exchange_id", call.ExchangeId);
            writer.WritePropertyName("thread");
            WriteCallThread(writer, call);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("compactions");
        foreach (var compaction in attributor.Compactions)
        {
            WriteCompaction(writer, compaction);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("session_starts");
        foreach (var (seq, source) in attributor.SessionStarts)
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", seq);
            writer.WriteString("source", source);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteLinks(writer, links);
        writer.WriteEndObject();
    }

    private static void WriteThread(Utf8JsonWriter writer, CallThread thread)
    {
        writer.WriteStartObject();
        WriteIdentity(writer, thread);
        writer.WriteBoolean("exact", thread.Exact);
        writer.WriteString("why", thread.Why);
        if (thread.Prompt is { } prompt)
        {
            writer.WriteString("prompt", prompt.Length <= PromptChars ? prompt : prompt[..PromptChars]);
        }

        writer.WriteStartArray("calls");
        foreach (var seq in thread.Calls)
        {
            writer.WriteNumberValue(seq);
        }

        writer.WriteEndArray();
        WriteTime(writer, "first_ts", thread.FirstTimestamp);
        WriteTime(writer, "last_ts", thread.LastTimestamp);
        writer.WriteEndObject();
    }

    private static void WriteIdentity(Utf8JsonWriter writer, CallThread thread)
    {
        writer.WriteString("id", thread.Id);
        writer.WriteString("kind", thread.Kind);
        if (thread.UtilityKind is { } utility)
        {
            writer.WriteString("utility_kind", utility);
        }

        writer.WriteString("agent_id", thread.AgentId);
        writer.WriteString("agent_type", thread.AgentType);
        writer.WriteString("description", thread.Description);
        writer.WriteString("parent", thread.Parent);
        writer.WriteString("tool_use_id", thread.ToolUseId);
    }

    private static void WriteCompaction(Utf8JsonWriter writer, Compaction compaction)
    {
        writer.WriteStartObject();
        writer.WriteString("thread", compaction.Thread);
        WriteNumber(writer, "before_seq", compaction.BeforeSeq);
        WriteNumber(writer, "after_seq", compaction.AfterSeq);
        writer.WriteString("trigger", compaction.Trigger);
        writer.WriteString("source", compaction.Source);
        WriteNumber(writer, "tokens_before", compaction.TokensBefore);
        WriteNumber(writer, "tokens_after", compaction.TokensAfter);
        writer.WriteString("summary", compaction.Summary);
        WriteNumber(writer, "hook_seq", compaction.HookSeq);
        writer.WriteStartArray("summary_seqs");
        foreach (var seq in compaction.SummarySeqs)
        {
            writer.WriteNumberValue(seq);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteLinks(Utf8JsonWriter writer, SessionLinks? links)
    {
        writer.WriteString("resumed_from", links?.ResumedFrom);
        writer.WriteStartArray("continued_by");
        foreach (var id in links?.ContinuedBy ?? [])
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteString("group", links?.Group);
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteString(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
