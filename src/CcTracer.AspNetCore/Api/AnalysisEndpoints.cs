using System.Buffers;
using System.Text.Json;
using CcTracer.Analysis;
using CcTracer.Analysis.Diff;
using CcTracer.Json;
using CcTracer.Storage;
using CcTracer.Threads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;

namespace CcTracer.AspNetCore.Api;

/// <summary>
/// <c>GET /api/sessions/{id}/analysis</c> (context, cache, cost, quota and timing per call and for
/// the session) and <c>GET /api/sessions/{id}/diff?a=SEQ&amp;b=SEQ</c> (docs/http-api.md, "Analysis").
/// </summary>
internal static class AnalysisEndpoints
{
    public static void MapAnalysisApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sessions/{id}/analysis", AnalysisAsync);
        api.MapGet("/sessions/{id}/diff", DiffAsync);
    }

    private static async Task<IResult> AnalysisAsync(HttpContext context, SessionAnalyses analyses, ThreadStore threads, string id, string? after)
    {
        long afterSeq = 0;
        if (after is not null && (!long.TryParse(after, out afterSeq) || afterSeq < 0))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "?after= must be a record seq (a whole number, 0 or more).");
        }

        // Each call carries its thread as /threads gives it (main, subagent, utility; exact or inferred).
        var threadOf = await threads.ReadAsync(id, ThreadObjects, context.RequestAborted).ConfigureAwait(false);
        var json = await analyses.ReadAsync(id, analyzer => Write(analyzer, afterSeq, threadOf), context.RequestAborted).ConfigureAwait(false);
        return json is null
            ? Error(StatusCodes.Status404NotFound, "not_found", $"There is no session '{id}'.")
            : TypedResults.Bytes(json, "application/json; charset=utf-8");
    }

    private static async Task<IResult> DiffAsync(HttpContext context, SessionAnalyses analyses, SessionLogReader reader, string id, string? a, string? b)
    {
        if (!long.TryParse(a, out var seqA) || !long.TryParse(b, out var seqB) || seqA <= 0 || seqB <= 0)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "Give the two calls to compare as ?a=SEQ&b=SEQ (the seq of each call's api_request or api_response).");
        }

        var calls = await analyses.ReadAsync<(CallAnalysis? A, CallAnalysis? B)?>(id, analyzer => (analyzer.CallAt(seqA), analyzer.CallAt(seqB)), context.RequestAborted).ConfigureAwait(false);
        if (calls is not var (callA, callB))
        {
            return Error(StatusCodes.Status404NotFound, "not_found", $"There is no session '{id}'.");
        }

        if (callA is null || callB is null)
        {
            return Error(StatusCodes.Status404NotFound, "not_found", $"Record {(callA is null ? seqA : seqB)} of session '{id}' is not a completed Messages API call.");
        }

        var requestA = await reader.FindAsync(id, callA.Seq, context.RequestAborted).ConfigureAwait(false);
        var requestB = await reader.FindAsync(id, callB.Seq, context.RequestAborted).ConfigureAwait(false);
        using var bodyA = Body(requestA);
        using var bodyB = Body(requestB);
        if (bodyA is null || bodyB is null)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, "no_diff", $"The request body of call {(bodyA is null ? callA.Seq : callB.Seq)} is not a JSON object.");
        }

        var diff = RequestDiffer.Diff(bodyA.RootElement, bodyB.RootElement, callA.Seq);
        return TypedResults.Bytes(Json(w => RequestDiffJson.Write(w, diff, Side(callA), Side(callB))), "application/json; charset=utf-8");
    }

    private static DiffSide Side(CallAnalysis call) => new(call.Seq, call.ExchangeId, call.Model, call.ThreadKey);

    private static JsonDocument? Body(StoredRecord? request)
    {
        if (request is null)
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(request.GetBody(), new JsonDocumentOptions { MaxDepth = 512 });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>Each call's <c>thread</c> object by exchange id, written while the attribution is locked.</summary>
    private static Dictionary<string, byte[]> ThreadObjects(ThreadAttributor attributor)
    {
        var objects = new Dictionary<string, byte[]>(attributor.Calls.Count, StringComparer.Ordinal);
        foreach (var call in attributor.Calls)
        {
            objects[call.ExchangeId] = Json(writer => ThreadsJson.WriteCallThread(writer, call));
        }

        return objects;
    }

    private static byte[] Write(SessionAnalyzer analyzer, long afterSeq, Dictionary<string, byte[]> threadOf) => Json(writer =>
    {
        writer.WriteStartObject();
        writer.WritePropertyName("session");
        AnalysisJson.WriteSession(writer, SessionTotals.From(analyzer.Calls), analyzer.Pricing, analyzer.LastSeq);
        writer.WriteStartArray("calls");
        foreach (var call in analyzer.Calls)
        {
            if (call.ResponseSeq > afterSeq)
            {
                AnalysisJson.WriteCall(writer, call, threadOf.TryGetValue(call.ExchangeId, out var thread) ? thread : default);
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("quota");
        foreach (var sample in analyzer.Quota)
        {
            if (sample.Seq > afterSeq)
            {
                AnalysisJson.WriteQuota(writer, sample);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>Writes JSON with the tracer's relaxed escaping (prompts stay readable).</summary>
    internal static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, RelaxedJson.WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static JsonHttpResult<ErrorBody> Error(int status, string type, string message)
        => TypedResults.Json(new ErrorBody(new ErrorDetail(type, message)), statusCode: status);
}
