using System.Text.Json;
using CcTracer.Analysis.Context;
using CcTracer.Analysis.Pricing;
using CcTracer.Analysis.Tokens;

namespace CcTracer.Analysis;

/// <summary>Writes the analysis as the API serves it (docs/http-api.md, "Analysis"): snake_case, nulls kept, money as numbers.</summary>
internal static class AnalysisJson
{
    public static void WriteSession(Utf8JsonWriter writer, SessionTotals totals, PricingTable pricing, long lastSeq)
    {
        writer.WriteStartObject();
        writer.WriteNumber("calls", totals.Calls);
        writer.WriteNumber("input_tokens", totals.InputTokens);
        writer.WriteNumber("output_tokens", totals.OutputTokens);
        writer.WriteNumber("cache_read_tokens", totals.CacheReadTokens);
        writer.WriteNumber("cache_write_tokens", totals.CacheWriteTokens);
        Number(writer, "cache_hit_ratio", totals.CacheHitRatio);
        Money(writer, "cost_usd", totals.CostUsd);
        writer.WriteBoolean("cost_is_estimate", true);
        writer.WriteString("pricing_date", pricing.Date);
        writer.WriteString("pricing_source", pricing.Source);
        writer.WriteNumber("unpriced_calls", totals.UnpricedCalls);
        writer.WriteStartArray("unknown_models");
        foreach (var model in totals.UnknownModels)
        {
            writer.WriteStringValue(model);
        }

        writer.WriteEndArray();
        Number(writer, "wall_ms", totals.WallMs);
        Number(writer, "ttft_p50_ms", totals.TtftP50Ms);
        Number(writer, "ttft_p95_ms", totals.TtftP95Ms);
        Number(writer, "output_tps_p50", totals.OutputTokensPerSecondP50);
        writer.WriteNumber("stalls", totals.Stalls);
        writer.WriteStartObject("verdicts");
        foreach (var (verdict, count) in totals.Verdicts)
        {
            writer.WriteNumber(verdict, count);
        }

        writer.WriteEndObject();
        writer.WriteNumber("last_seq", lastSeq);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes one call; <paramref name="thread"/> is the call's <c>thread</c> object as JSON, when the
    /// host has one (the threads attribution, which Analysis does not depend on).
    /// </summary>
    public static void WriteCall(Utf8JsonWriter writer, CallAnalysis call, ReadOnlySpan<byte> thread = default)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq", call.Seq);
        writer.WriteNumber("response_seq", call.ResponseSeq);
        writer.WriteString("exchange_id", call.ExchangeId);
        writer.WriteString("model", call.Model);
        writer.WriteString("thread_key", call.ThreadKey);
        if (!thread.IsEmpty)
        {
            writer.WritePropertyName("thread");
            writer.WriteRawValue(thread, skipInputValidation: true);
        }

        Time(writer, "started", call.Started);
        Time(writer, "ended", call.Ended);
        writer.WriteNumber("status", call.Status);
        WriteUsage(writer, call.Usage);
        WriteContext(writer, call.Context);
        WriteCache(writer, call.Cache);
        WriteCost(writer, call.Cost);
        WriteTiming(writer, call.Timing);
        writer.WriteEndObject();
    }

    public static void WriteQuota(Utf8JsonWriter writer, QuotaSample sample)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq", sample.Seq);
        Time(writer, "ts", sample.At);
        writer.WriteString("status", sample.Status);
        writer.WriteStartArray("windows");
        foreach (var window in sample.Windows)
        {
            writer.WriteStartObject();
            writer.WriteString("name", window.Name);
            Number(writer, "utilization", window.Utilization);
            Time(writer, "reset", window.Reset);
            writer.WriteString("status", window.Status);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("headers");
        foreach (var (name, value) in sample.Raw)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, TokenUsage? usage)
    {
        if (usage is not { } u)
        {
            writer.WriteNull("usage");
            return;
        }

        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", u.Input);
        writer.WriteNumber("output_tokens", u.Output);
        writer.WriteNumber("cache_read_tokens", u.CacheRead);
        writer.WriteNumber("cache_write_tokens", u.CacheWrite);
        writer.WriteNumber("cache_write_5m_tokens", u.CacheWrite5m);
        writer.WriteNumber("cache_write_1h_tokens", u.CacheWrite1h);
        writer.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter writer, ContextComposition? context)
    {
        if (context is null)
        {
            writer.WriteNull("context");
            return;
        }

        writer.WriteStartObject("context");
        writer.WriteNumber("tokens", context.Tokens);
        writer.WriteNumber("bytes", context.Bytes);
        writer.WriteBoolean("scaled", context.Scaled);
        Parts(writer, "categories", context.Categories, "name");
        Parts(writer, "tool_groups", context.ToolGroups, "name");
        Parts(writer, "system_blocks", context.SystemBlocks, "index");
        Parts(writer, "top_tool_results", context.TopToolResults, "tool");
        Parts(writer, "top_files", context.TopFiles, "path");
        writer.WriteEndObject();
    }

    private static void Parts(Utf8JsonWriter writer, string name, IReadOnlyList<ContextPart> parts, string key)
    {
        writer.WriteStartArray(name);
        foreach (var part in parts)
        {
            writer.WriteStartObject();
            if (key == "index")
            {
                writer.WriteNumber(key, int.Parse(part.Name, System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteString(key, part.Name);
            }

            writer.WriteNumber("bytes", part.Bytes);
            writer.WriteNumber("tokens", part.Tokens);
            if (part.Count > 0)
            {
                writer.WriteNumber("count", part.Count);
            }

            if (part.Items is { } items)
            {
                Parts(writer, "tools", items, "name");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteCache(Utf8JsonWriter writer, CallCache cache)
    {
        writer.WriteStartObject("cache");
        writer.WriteString("verdict", cache.Verdict);
        writer.WriteNumber("read_tokens", cache.ReadTokens);
        writer.WriteNumber("write_tokens", cache.WriteTokens);
        writer.WriteNumber("ttl_s", (long)cache.Ttl.TotalSeconds);
        Number(writer, "gap_ms", cache.GapMs);
        if (cache.Break is { } b)
        {
            writer.WriteStartObject("break");
            writer.WriteString("at", b.At);
            writer.WriteString("detail", b.Detail);
            writer.WriteNumber("compared_with_seq", b.ComparedWithSeq);
            if (b.Diff is { } d)
            {
                writer.WriteStartObject("diff");
                writer.WriteString("section", d.Section);
                Number(writer, "index", d.Index);
                writer.WriteString("name", d.Name);
                Number(writer, "position", d.Position);
                writer.WriteString("before", d.Before);
                writer.WriteString("after", d.After);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("diff");
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("break");
        }

        if (cache.ApiReasonJson is { } reason)
        {
            writer.WritePropertyName("api_reason");
            writer.WriteRawValue(reason, skipInputValidation: true);
        }
        else
        {
            writer.WriteNull("api_reason");
        }

        writer.WriteEndObject();
    }

    private static void WriteCost(Utf8JsonWriter writer, CostEstimate cost)
    {
        writer.WriteStartObject("cost");
        Money(writer, "usd", cost.Usd);
        writer.WriteBoolean("is_estimate", true);
        writer.WriteString("pricing_date", cost.PricingDate);
        writer.WriteString("family", cost.Family);
        writer.WriteBoolean("long_context", cost.LongContext);
        writer.WriteString("note", cost.Note);
        if (cost.Parts is { } p)
        {
            Money(writer, "input_usd", p.Input);
            Money(writer, "output_usd", p.Output);
            Money(writer, "cache_read_usd", p.CacheRead);
            Money(writer, "cache_write_usd", p.CacheWrite);
        }

        writer.WriteEndObject();
    }

    private static void WriteTiming(Utf8JsonWriter writer, CallTiming timing)
    {
        writer.WriteStartObject("timing");
        Number(writer, "ttfb_ms", timing.TtfbMs);
        Number(writer, "ttft_ms", timing.TtftMs);
        Number(writer, "total_ms", timing.TotalMs);
        Number(writer, "output_tps", timing.OutputTokensPerSecond is { } s ? Math.Round(s, 1) : null);
        writer.WriteStartArray("stalls");
        foreach (var (at, gap) in timing.Stalls)
        {
            writer.WriteStartObject();
            writer.WriteNumber("at_ms", at);
            writer.WriteNumber("gap_ms", Math.Round(gap, 3));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            writer.WriteNumber(name, Math.Round(v, 4));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter writer, string name, int? value)
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

    private static void Money(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, Math.Round(v, 6));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void Time(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteString(name, v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
