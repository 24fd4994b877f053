using System.Net.ServerSentEvents;
using System.Text;
using CcTracer.Analysis;
using CcTracer.Live;
using CcTracer.Storage;

namespace CcTracer.AspNetCore.Api;

/// <summary>
/// The live feed's <c>analysis</c> event: when a subscriber receives the <c>record</c> of an
/// <c>api_response</c>, it is followed by that call's analysis and the session's new totals
/// (docs/http-api.md, "Live feed"). Made from the shared <see cref="SessionAnalyses"/>, so several
/// open tabs analyse a call once; a fault here is skipped, never ending the feed.
/// </summary>
internal static class AnalysisLiveItems
{
    public static async Task<SseItem<string>?> ForAsync(LiveItem item, SessionAnalyses analyses, CancellationToken cancellationToken)
    {
        if (item.Event != "record")
        {
            return null;
        }

        var (seq, type) = SessionAnalyses.SeqAndType(item.Data.Span);
        if (type != RecordTypes.ApiResponse || seq <= 0)
        {
            return null;
        }

        try
        {
            var json = await analyses.ReadAsync(item.SessionId, analyzer => analyzer.CallAt(seq) is { } call ? Write(item.SessionId, analyzer, call) : null, cancellationToken).ConfigureAwait(false);
            return json is null ? null : new SseItem<string>(Encoding.UTF8.GetString(json), "analysis");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static byte[] Write(string sessionId, SessionAnalyzer analyzer, CallAnalysis call) => AnalysisEndpoints.Json(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("session_id", sessionId);
        writer.WritePropertyName("call");
        AnalysisJson.WriteCall(writer, call);
        writer.WritePropertyName("session");
        AnalysisJson.WriteSession(writer, SessionTotals.From(analyzer.Calls), analyzer.Pricing, analyzer.LastSeq);
        if (call.Quota is { } quota)
        {
            writer.WritePropertyName("quota");
            AnalysisJson.WriteQuota(writer, quota);
        }

        writer.WriteEndObject();
    });
}
