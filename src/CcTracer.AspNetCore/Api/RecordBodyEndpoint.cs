using System.Security.Cryptography;
using CcTracer.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CcTracer.AspNetCore.Api;

/// <summary>
/// <c>GET /api/sessions/{id}/records/{seq}/body</c>: a record's body exactly as it went over the
/// wire (docs/http-api.md), with the SHA-256 taken at capture in <c>x-body-sha256</c>.
/// </summary>
internal static class RecordBodyEndpoint
{
    public static async Task<IResult> GetAsync(HttpContext context, SessionLogReader reader, string id, long seq)
    {
        var record = await reader.FindAsync(id, seq, context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return TypedResults.NotFound(new ErrorBody(new ErrorDetail("not_found", $"Session '{id}' has no record {seq}.")));
        }

        if (!record.HasBody)
        {
            return TypedResults.NotFound(new ErrorBody(new ErrorDetail("no_body", $"Record {seq} is a {record.Type}, which has no body.")));
        }

        var body = record.GetExactBody();
        if (body.Bytes is null)
        {
            return TypedResults.Json(new ErrorBody(new ErrorDetail("body_missing", $"Record {seq}'s body is not all in the log file (a chunk is missing).")), statusCode: StatusCodes.Status410Gone);
        }

        var headers = context.Response.Headers;

        // v1 logs kept no digest: it is then computed here, and says so.
        headers["x-body-sha256"] = body.Sha256 ?? Convert.ToHexStringLower(SHA256.HashData(body.Bytes));
        headers["x-body-sha256-source"] = body.Sha256 is null ? "computed" : "capture";
        headers["x-body-exact"] = body.Exact ? "true" : "false";
        if (body.Exact && record.Root.TryGetProperty("content_encoding", out var coding) && coding.ValueKind == System.Text.Json.JsonValueKind.String)
        {
            // Not Content-Encoding: a client would decode it, and these are the bytes as they were.
            headers["x-body-content-encoding"] = coding.GetString();
        }

        return TypedResults.Bytes(body.Bytes, "application/octet-stream");
    }
}
