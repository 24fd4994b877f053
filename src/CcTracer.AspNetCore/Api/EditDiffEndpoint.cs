using System.Text.Json;
using System.Text.Json.Serialization;
using CcTracer.Hooks;
using CcTracer.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CcTracer.AspNetCore.Api;

/// <summary>
/// <c>GET /api/sessions/{id}/records/{seq}/diff</c>: the diff of an Edit, MultiEdit or Write hook,
/// made by Core's <see cref="EditDiff"/> (the project's one diff), with line numbers per line and
/// where they come from, so the UI draws it without a diff of its own.
/// </summary>
internal static class EditDiffEndpoint
{
    public static async Task<Results<Ok<EditDiffBody>, NotFound<ErrorBody>, UnprocessableEntity<ErrorBody>>> GetAsync(HttpContext context, SessionLogReader reader, string id, long seq)
    {
        var line = await reader.FindLineAsync(id, seq, context.RequestAborted).ConfigureAwait(false);
        if (line is not { } bytes)
        {
            return TypedResults.NotFound(new ErrorBody(new ErrorDetail("not_found", $"Session '{id}' has no record {seq}.")));
        }

        using var record = JsonDocument.Parse(bytes);
        using var payload = Payload(record.RootElement);
        if (payload is null
            || payload.RootElement.ValueKind != JsonValueKind.Object
            || !ToolUse(payload.RootElement, out var toolName, out var toolInput, out var toolResponse)
            || !EditDiff.TryCreate(toolName, toolInput, toolResponse, out var diff))
        {
            return TypedResults.UnprocessableEntity(new ErrorBody(new ErrorDetail("no_diff", $"Record {seq} is not an Edit, MultiEdit or Write call with the fields a diff needs.")));
        }

        return TypedResults.Ok(EditDiffBody.From(toolName, diff));
    }

    /// <summary>The hook payload: stored as <c>payload</c> (JSON) or <c>payload_text</c> (JSON kept as text).</summary>
    private static JsonDocument? Payload(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (record.TryGetProperty("payload", out var payload))
        {
            return JsonDocument.Parse(payload.GetRawText());
        }

        if (record.TryGetProperty("payload_text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            try
            {
                return JsonDocument.Parse(text.GetString()!);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return null;
    }

    private static bool ToolUse(JsonElement payload, out string toolName, out JsonElement toolInput, out JsonElement? toolResponse)
    {
        toolName = payload.TryGetProperty("tool_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : string.Empty;
        toolInput = payload.TryGetProperty("tool_input", out var input) ? input : default;
        toolResponse = payload.TryGetProperty("tool_response", out var response) ? response : null;
        return toolName.Length > 0;
    }
}

/// <summary>The body of <c>GET …/records/{seq}/diff</c> (docs/http-api.md).</summary>
internal sealed record EditDiffBody(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("tool")] string Tool,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("added")] int Added,
    [property: JsonPropertyName("removed")] int Removed,
    [property: JsonPropertyName("whole_replacement")] bool WholeReplacement,
    [property: JsonPropertyName("hunks")] IReadOnlyList<EditDiffHunk> Hunks,
    [property: JsonPropertyName("text")] string Text)
{
    public static EditDiffBody From(string tool, UnifiedDiff diff) => new(
        diff.Path,
        tool,
        diff.Source switch
        {
            DiffSource.StructuredPatch => "structured_patch",
            DiffSource.OriginalFile => "original_file",
            DiffSource.NewFile => "new_file",
            DiffSource.Snippets => "snippet",
            _ => "content_only",
        },
        diff.AddedLines,
        diff.RemovedLines,
        diff.IsWholeReplacement,
        [.. diff.Hunks.Select(h => new EditDiffHunk(h.OldStart, h.OldCount, h.NewStart, h.NewCount, [.. h.Lines.Select(EditDiffLine.From)]))],
        diff.Text);
}

/// <summary>One hunk of <see cref="EditDiffBody"/>.</summary>
internal sealed record EditDiffHunk(
    [property: JsonPropertyName("old_start")] int OldStart,
    [property: JsonPropertyName("old_count")] int OldCount,
    [property: JsonPropertyName("new_start")] int NewStart,
    [property: JsonPropertyName("new_count")] int NewCount,
    [property: JsonPropertyName("lines")] IReadOnlyList<EditDiffLine> Lines);

/// <summary>One line of <see cref="EditDiffHunk"/>: <c>op</c> is <c>" "</c>, <c>"-"</c> or <c>"+"</c>.</summary>
internal sealed record EditDiffLine(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("old")] int? Old,
    [property: JsonPropertyName("new")] int? New,
    [property: JsonPropertyName("no_newline"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool NoNewline)
{
    public static EditDiffLine From(DiffLine line)
        => new(line.Op switch { DiffOp.Delete => "-", DiffOp.Insert => "+", _ => " " }, line.Text, line.OldLine, line.NewLine, line.NoNewlineAtEnd);
}
