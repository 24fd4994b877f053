using System.Text.Json;
using CcTracer.Analysis.Cache;

namespace CcTracer.Analysis.Diff;

/// <summary>Which call a side of a diff is.</summary>
internal sealed record DiffSide(long Seq, string ExchangeId, string? Model, string ThreadKey);

/// <summary>Writes a <see cref="RequestDiff"/> as the API serves it (docs/http-api.md, "Diff").</summary>
internal static class RequestDiffJson
{
    public static void Write(Utf8JsonWriter writer, RequestDiff diff, DiffSide a, DiffSide b)
    {
        writer.WriteStartObject();
        Call(writer, "a", a);
        Call(writer, "b", b);
        writer.WriteStartArray("params");
        foreach (var p in diff.Params)
        {
            writer.WriteStartObject();
            writer.WriteString("name", p.Name);
            writer.WriteString("status", p.Status);
            writer.WriteString("a", p.A);
            writer.WriteString("b", p.B);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        Parts(writer, "system", diff.System);
        Parts(writer, "tools", diff.Tools);
        writer.WriteStartObject("messages");
        writer.WriteNumber("a_count", diff.Messages.Count(m => m.Status != DiffStatus.Appended));
        writer.WriteNumber("b_count", diff.Messages.Count(m => m.Status != DiffStatus.Removed));
        writer.WriteNumber("common_prefix", diff.CommonMessagePrefix);
        writer.WriteStartArray("items");
        foreach (var m in diff.Messages)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", m.Index);
            writer.WriteString("status", m.Status);
            writer.WriteString("role", m.Role);
            writer.WriteString("a_label", m.ALabel);
            writer.WriteString("b_label", m.BLabel);
            writer.WriteNumber("a_bytes", m.ABytes);
            writer.WriteNumber("b_bytes", m.BBytes);
            Change(writer, m.Change);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        if (diff.FirstCacheBreak is { } found)
        {
            writer.WriteStartObject("first_cache_difference");
            writer.WriteString("at", found.At);
            writer.WriteString("detail", found.Detail);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("first_cache_difference");
        }

        writer.WriteEndObject();
    }

    private static void Call(Utf8JsonWriter writer, string name, DiffSide call)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("seq", call.Seq);
        writer.WriteString("exchange_id", call.ExchangeId);
        writer.WriteString("model", call.Model);
        writer.WriteString("thread_key", call.ThreadKey);
        writer.WriteEndObject();
    }

    private static void Parts(Utf8JsonWriter writer, string name, IReadOnlyList<PartChange> parts)
    {
        writer.WriteStartArray(name);
        foreach (var p in parts)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", p.Index);
            if (p.Name is not null)
            {
                writer.WriteString("name", p.Name);
            }

            writer.WriteString("status", p.Status);
            writer.WriteNumber("a_bytes", p.ABytes);
            writer.WriteNumber("b_bytes", p.BBytes);
            Change(writer, p.Change);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void Change(Utf8JsonWriter writer, TextChange? change)
    {
        if (change is null)
        {
            writer.WriteNull("change");
            return;
        }

        writer.WriteStartObject("change");
        writer.WriteNumber("position", change.Position);
        writer.WriteString("before", change.Before);
        writer.WriteString("after", change.After);
        writer.WriteEndObject();
    }
}
