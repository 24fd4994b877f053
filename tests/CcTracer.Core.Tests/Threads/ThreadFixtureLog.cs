using System.Text;
using System.Text.Json.Nodes;
using CcTracer.Storage;
using CcTracer.Threads;
using Xunit;

namespace CcTracer.Core.Tests.Threads;

/// <summary>
/// The session logs the real Claude Code 2.1.332 wrote through the tracer
/// (<c>tests/fixtures/claude-code-2.1.332-threads/</c>, recaptured by the Tool tests'
/// ThreadFixtureCaptureTests), read as records, optionally rewritten to look like an older release.
/// </summary>
internal static class ThreadFixtureLog
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "claude-code-2.1.332-threads", name + ".jsonl");

    public static async Task<List<StoredRecord>> ReadAsync(string name, Func<JsonObject, JsonObject>? rewrite = null)
    {
        var lines = await File.ReadAllLinesAsync(PathOf(name), TestContext.Current.CancellationToken);
        var text = new StringBuilder();
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            text.Append(rewrite is null ? line : rewrite(JsonNode.Parse(line)!.AsObject()).ToJsonString()).Append('\n');
        }

        var records = new List<StoredRecord>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        await foreach (var record in SessionLogReader.ReadAsync(stream, 0, w => Assert.Fail(w), TestContext.Current.CancellationToken))
        {
            records.Add(record);
        }

        return records;
    }

    public static ThreadAttributor Attribute(IEnumerable<StoredRecord> records)
    {
        var attributor = new ThreadAttributor();
        foreach (var record in records)
        {
            attributor.Add(record);
        }

        return attributor;
    }

    /// <summary>
    /// What a release without the agent header would have logged: no <c>x-claude-code-agent-id</c>,
    /// a 2.1.197 User-Agent, and no <c>agent_id</c> on hooks or in the Agent tool's response — only
    /// the shapes of the requests remain.
    /// </summary>
    public static JsonObject WithoutAgentSignals(JsonObject record)
    {
        if (record["headers"] is JsonObject headers)
        {
            foreach (var name in headers.Select(h => h.Key).ToList())
            {
                if (name.Equals("x-claude-code-agent-id", StringComparison.OrdinalIgnoreCase))
                {
                    headers.Remove(name);
                }
                else if (name.Equals("user-agent", StringComparison.OrdinalIgnoreCase))
                {
                    headers[name] = "claude-cli/2.1.197 (external, sdk-cli)";
                }
            }
        }

        if (record["payload"] is JsonObject payload)
        {
            payload.Remove("agent_id");
            payload.Remove("agent_type");
            (payload["tool_response"] as JsonObject)?.Remove("agentId");
        }

        return record;
    }
}
