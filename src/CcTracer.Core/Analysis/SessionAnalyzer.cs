using System.Text.Json;
using CcTracer.Analysis.Cache;
using CcTracer.Analysis.Context;
using CcTracer.Analysis.Pricing;
using CcTracer.Analysis.Requests;
using CcTracer.Analysis.Tokens;
using CcTracer.Storage;

namespace CcTracer.Analysis;

/// <summary>
/// Analyses a session incrementally: feed it the session's records in order (<see cref="Add"/>),
/// as they are read back or as they arrive, and it keeps one <see cref="CallAnalysis"/> per
/// completed Messages API call. Per thread it keeps only the previous call's request shape, so
/// memory stays small however long the session. Not thread-safe: one feeder at a time.
/// </summary>
internal sealed class SessionAnalyzer
{
    private readonly Dictionary<string, PendingCall> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PreviousCall> _threads = new(StringComparer.Ordinal);
    private readonly List<CallAnalysis> _calls = [];
    private readonly List<QuotaSample> _quota = [];
    private readonly Dictionary<long, int> _callBySeq = [];
    private readonly PricingTable _pricing;
    private readonly AnalysisOptions _options;
    private readonly ICallThreads _threadsOf;

    public SessionAnalyzer(PricingTable pricing, AnalysisOptions options, ICallThreads? threads = null)
    {
        _pricing = pricing;
        _options = options;
        _threadsOf = threads ?? new HeaderCallThreads();
    }

    /// <summary>The highest <c>seq</c> fed so far.</summary>
    public long LastSeq { get; private set; }

    public IReadOnlyList<CallAnalysis> Calls => _calls;

    public IReadOnlyList<QuotaSample> Quota => _quota;

    public PricingTable Pricing => _pricing;

    /// <summary>The call whose request or response has <paramref name="seq"/>.</summary>
    public CallAnalysis? CallAt(long seq) => _callBySeq.TryGetValue(seq, out var i) ? _calls[i] : null;

    /// <summary>Notes a record that holds nothing to analyse (a hook, a notice) without reading it.</summary>
    public void Skip(long seq) => LastSeq = Math.Max(LastSeq, seq);

    /// <summary>Takes one record; returns the call it completed, if any.</summary>
    public CallAnalysis? Add(StoredRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Seq <= LastSeq && LastSeq > 0)
        {
            return null;
        }

        LastSeq = record.Seq;
        var root = record.Root;
        switch (record.Type)
        {
            case RecordTypes.ApiRequest when String(root, "kind") == ApiKinds.Messages && String(root, "exchange_id") is { } id:
                // A body embedded as JSON is read in place; the other body forms are decoded first.
                var shape = root.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Object ? RequestShapeReader.Read(body) : RequestShapeReader.Read(record.GetBody());
                _pending[id] = new PendingCall(record.Seq, record.Timestamp, shape, _threadsOf.ThreadOf(record, shape), shape?.Model ?? String(root, "model"));
                return null;
            case RecordTypes.ApiResponse when String(root, "exchange_id") is { } id && _pending.Remove(id, out var call):
                return Complete(record, root, id, call);
            default:
                return null;
        }
    }

    private CallAnalysis Complete(StoredRecord record, JsonElement root, string exchangeId, PendingCall call)
    {
        var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var usage = TokenUsage.Read(root.TryGetProperty("usage", out var u) ? u : message.ValueKind == JsonValueKind.Object && message.TryGetProperty("usage", out var mu) ? mu : default);
        var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var st) ? st : 0;
        var model = message.ValueKind == JsonValueKind.Object && String(message, "model") is { } answered ? answered : call.Model;

        _threads.TryGetValue(call.Thread, out var previous);
        var gap = previous?.Started is { } before && call.Started is { } now ? now - before : (TimeSpan?)null;
        var ttl = previous?.Shape?.HasOneHourTtl == true ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(5);
        var verdict = CacheVerdicts.Judge(call.Shape?.HasCacheControl ?? false, usage, previous?.Usage, gap, ttl, _options.HitRatio);
        CacheBreak? cacheBreak = null;
        if (CacheVerdicts.IsBreak(verdict) && previous?.Shape is { } previousShape && call.Shape is { } shape)
        {
            cacheBreak = CacheBreakExplainer.Explain(previousShape, shape, previous.Seq, gap, ttl, verdict == CacheVerdicts.Expired);
        }

        var analysis = new CallAnalysis
        {
            Seq = call.Seq,
            ResponseSeq = record.Seq,
            ExchangeId = exchangeId,
            Model = model,
            ThreadKey = call.Thread,
            Started = call.Started,
            Ended = record.Timestamp,
            Status = status,
            Usage = usage,
            Context = call.Shape is { } sh ? ContextComposition.From(sh.Tally, usage?.ContextTokens ?? 0) : null,
            Cache = new CallCache(verdict, usage?.CacheRead ?? 0, usage?.CacheWrite ?? 0, cacheBreak, ApiReason(root, message), gap?.TotalMilliseconds, ttl),
            Cost = CostEstimate.For(_pricing, model, usage),
            Timing = CallTiming.Read(root, usage?.Output ?? 0, _options.StallThreshold),
            Quota = QuotaSample.Read(record.Seq, record.Timestamp, root),
        };

        // A call that got no usage (failed, cancelled) cached nothing: the next call compares with the one before.
        if (usage is not null && status is >= 200 and < 300)
        {
            _threads[call.Thread] = new PreviousCall(call.Seq, call.Started, call.Shape, usage.Value);
        }

        if (analysis.Quota is { } quota)
        {
            _quota.Add(quota);
        }

        _callBySeq[call.Seq] = _calls.Count;
        _callBySeq[record.Seq] = _calls.Count;
        _calls.Add(analysis);
        return analysis;
    }

    /// <summary><c>diagnostics.cache_miss_reason</c> as the API sent it (only present when the client asked for it).</summary>
    private static string? ApiReason(JsonElement root, JsonElement message)
    {
        foreach (var holder in (ReadOnlySpan<JsonElement>)[message, root])
        {
            if (holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("diagnostics", out var d) && d.ValueKind == JsonValueKind.Object
                && d.TryGetProperty("cache_miss_reason", out var reason) && reason.ValueKind != JsonValueKind.Null)
            {
                return reason.GetRawText();
            }
        }

        return null;
    }

    private static string? String(JsonElement o, string name)
        => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private sealed record PendingCall(long Seq, DateTimeOffset? Started, RequestShape? Shape, string Thread, string? Model);

    private sealed record PreviousCall(long Seq, DateTimeOffset? Started, RequestShape? Shape, TokenUsage Usage);
}
