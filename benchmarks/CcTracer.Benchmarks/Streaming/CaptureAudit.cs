using System.Globalization;
using System.Text.Json;
using CcTracer.Storage;

namespace CcTracer.Benchmarks.Streaming;

/// <summary>
/// Proof that the tracer's throughput was measured with capture really capturing: every
/// <c>api_response</c> it logged must be complete, with the whole body and no capture warning.
/// </summary>
internal static class CaptureAudit
{
    public static async Task<string> RunAsync(string logDirectory, IReadOnlySet<long> expectedBodyBytes, CancellationToken cancellationToken)
    {
        int responses = 0, whole = 0;
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(logDirectory, "*.jsonl"))
        {
            await foreach (var record in SessionLogReader.ReadFileAsync(file, 0, problems.Add, cancellationToken).ConfigureAwait(false))
            {
                if (record.Type != RecordTypes.ApiResponse)
                {
                    continue;
                }

                responses++;
                var root = record.Root;
                var complete = root.TryGetProperty("complete", out var c) && c.ValueKind == JsonValueKind.True;
                var bytes = root.TryGetProperty("body_bytes", out var b) ? b.GetInt64() : -1;
                var warned = root.TryGetProperty("capture_warnings", out _) || root.TryGetProperty("body_truncated", out _);
                if (complete && !warned && expectedBodyBytes.Contains(bytes))
                {
                    whole++;
                }
                else if (problems.Count < 5)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"seq {record.Seq}: complete={complete}, body_bytes={bytes}, warnings={warned}"));
                }
            }
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"Capture was on: the tracer logged {responses} api_response records, {whole} of them complete with the whole body and no capture warning.");
        return problems.Count == 0 ? line : line + " Problems: " + string.Join("; ", problems);
    }
}
