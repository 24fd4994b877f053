using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CcTracer.Storage;

namespace CcTracer.Tool.Tests.EndToEnd;

/// <summary>
/// Turns the session log of a traced one-tool session into fixture files, in the layout of
/// <c>tests/fixtures/claude-code-2.1.197/</c>: <c>hook-&lt;Event&gt;.json</c> (the payload) and
/// <c>request-first-turn.json</c> / <c>request-after-tool-result.json</c> (path, headers as logged, body).
/// The sandbox's temporary paths become <c>/home/dev</c> paths, so a re-capture differs only where
/// Claude Code did; credentials are already redacted by the log and <see cref="FindSecrets"/> checks it.
/// </summary>
internal static partial class FixtureCapture
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the fixtures into <paramref name="directory"/>; returns the file names written.</summary>
    /// <param name="records">The session log.</param>
    /// <param name="directory">Where to write (created).</param>
    /// <param name="paths">Machine-specific paths and what to write instead, longest first.</param>
    public static IReadOnlyList<string> Write(IReadOnlyList<StoredRecord> records, string directory, IReadOnlyList<(string Path, string Stable)> paths)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var hook in records.Where(r => r.Type == RecordTypes.Hook))
        {
            // One file per event: the first of each, as the 2.1.197 set has it.
            var name = $"hook-{hook.Root.GetProperty("event").GetString()}.json";
            if (!written.Contains(name))
            {
                var payload = hook.Root.TryGetProperty("payload", out var embedded) ? embedded.GetRawText() : hook.Root.GetProperty("payload_text").GetString()!;
                Save(directory, name, JsonNode.Parse(payload)!, paths);
                written.Add(name);
            }
        }

        foreach (var request in records.Where(r => r.Type == RecordTypes.ApiRequest))
        {
            var body = JsonNode.Parse(request.GetBody())!;
            if (body["tools"] is not JsonArray { Count: > 0 })
            {
                // A title call, if this release makes one: not what the request fixtures show.
                continue;
            }

            var name = HasToolResult(body) ? "request-after-tool-result.json" : "request-first-turn.json";
            if (!written.Contains(name))
            {
                var fixture = new JsonObject
                {
                    ["path"] = request.Root.GetProperty("path").GetString(),
                    ["headers"] = JsonNode.Parse(request.Root.GetProperty("headers").GetRawText()),
                    ["body"] = body,
                };
                Save(directory, name, fixture, paths);
                written.Add(name);
            }
        }

        // The order of what arrived, so the folder also shows the session's shape (docs/claude-code.md cites it).
        var sequence = new JsonArray(records.Where(r => r.Type is RecordTypes.Hook or RecordTypes.ApiRequest).Select(r => (JsonNode)(r.Type == RecordTypes.Hook
            ? $"hook {r.Root.GetProperty("event").GetString()}"
            : $"api_request {r.Root.GetProperty("path").GetString()} tools={JsonNode.Parse(r.GetBody())?["tools"]?.AsArray().Count}")).ToArray());
        Save(directory, "sequence.json", sequence, paths);
        written.Add("sequence.json");
        return written;
    }

    /// <summary>Anything in the files that looks like a credential in clear: an Anthropic key or a bearer token.</summary>
    public static IEnumerable<string> FindSecrets(string directory, string apiKey)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            var text = File.ReadAllText(file);
            if (text.Contains(apiKey, StringComparison.Ordinal) || text.Contains(apiKey[^12..], StringComparison.Ordinal))
            {
                yield return $"{Path.GetFileName(file)}: the API key";
            }

            foreach (Match match in Credential().Matches(text))
            {
                yield return $"{Path.GetFileName(file)}: {match.Value[..Math.Min(16, match.Value.Length)]}…";
            }
        }
    }

    private static void Save(string directory, string name, JsonNode node, IReadOnlyList<(string Path, string Stable)> paths)
    {
        var text = node.ToJsonString(Indented);
        foreach (var (path, stable) in paths)
        {
            text = text.Replace(path, stable, StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(directory, name), text);
    }

    private static bool HasToolResult(JsonNode body)
        => body["messages"] is JsonArray messages
            && messages.LastOrDefault(m => (string?)m?["role"] == "user")?["content"] is JsonArray content
            && content.Any(b => (string?)b?["type"] == "tool_result");

    // A key or token of real length in clear; the log's redaction leaves at most 12 characters before "…".
    [GeneratedRegex(@"(sk-ant-[A-Za-z0-9_\-]{20,}|Bearer [A-Za-z0-9_\-\.]{20,})")]
    private static partial Regex Credential();
}
