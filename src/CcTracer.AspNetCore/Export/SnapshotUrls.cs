using System.Text.Json;

namespace CcTracer.AspNetCore.Export;

/// <summary>
/// Which API URLs a snapshot of one session embeds: what the UI fetches to show it. An endpoint the UI
/// starts to call is added here; one that answers other than 200 (not built in this version, or nothing
/// to say for this session) is simply left out, and the UI gets a 404 as from a server without it.
/// </summary>
internal static class SnapshotUrls
{
    /// <summary>Per-session endpoints beyond the records, relative to <c>api/sessions/{id}</c>.</summary>
    public static readonly IReadOnlyList<string> SessionEndpoints = ["/analysis", "/threads"];

    private static readonly string[] DiffTools = ["Edit", "MultiEdit", "Write"];

    /// <summary>The per-record URLs, from the session's record summaries (docs/http-api.md).</summary>
    public static IEnumerable<string> ForRecords(string sessionPath, JsonElement summaries, bool noContent)
    {
        foreach (var summary in summaries.EnumerateArray())
        {
            if (!summary.TryGetProperty("seq", out var s) || !s.TryGetInt64(out var seq))
            {
                continue;
            }

            yield return $"{sessionPath}/records/{seq}";

            // A diff is file content: a snapshot without content leaves it out.
            if (!noContent && summary.TryGetProperty("tool_name", out var tool) && tool.ValueKind == JsonValueKind.String && DiffTools.Contains(tool.GetString()))
            {
                yield return $"{sessionPath}/records/{seq}/diff";
            }
        }
    }
}
