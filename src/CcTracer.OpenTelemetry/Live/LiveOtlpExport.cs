using System.Text.Json;
using CcTracer.Live;
using CcTracer.OpenTelemetry.Export;
using CcTracer.OpenTelemetry.Mapping;
using CcTracer.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CcTracer.OpenTelemetry.Live;

/// <summary>
/// Exports spans as calls complete: it follows the live feed like a browser tab does, reads each
/// record that matters back from the log, and feeds it to the same span builder as a recorded
/// export. The proxy is never slowed: the feed drops (and counts) what this subscriber cannot keep
/// up with, and the SDK's batch queue is bounded.
/// </summary>
internal sealed partial class LiveOtlpExport(LiveFeed feed, SessionLogReader reader, IOptions<CcTracerOtlpExportOptions> options, ILogger<LiveOtlpExport> logger) : BackgroundService
{
    private const int QueueSize = 4096;
    private static readonly TimeSpan FinalFlush = TimeSpan.FromSeconds(5);
    private long _missed;

    /// <summary>Feed items this exporter missed because it fell behind (their spans are not exported).</summary>
    public long Missed => Interlocked.Read(ref _missed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribe before yielding so nothing written after the host started is missed.
        using var subscription = feed.Subscribe();
        await Task.Yield();
        using var pipeline = new OtlpSpanPipeline(options.Value, QueueSize);
        var builder = new SessionSpanBuilder(pipeline.Spans, options.Value.IncludeContent);
        try
        {
            await foreach (var item in subscription.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await HandleAsync(item, builder, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One unreadable record costs its span, never the export.
                    LogSkipped(logger, item.SessionId, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Sessions still open when the host stops are sent as they are.
            builder.CompleteAll();
            pipeline.Flush(FinalFlush);
        }
    }

    private async Task HandleAsync(LiveItem item, SessionSpanBuilder builder, CancellationToken cancellationToken)
    {
        if (item.Event == "dropped")
        {
            using var dropped = JsonDocument.Parse(item.Data);
            var count = RecordJson.Long(dropped.RootElement, "count") ?? 0;
            Interlocked.Add(ref _missed, count);
            LogMissed(logger, count);
            return;
        }

        if (item.Event != "record" || !Wanted(item.Data.Span, out var seq))
        {
            return;
        }

        if (await reader.FindAsync(item.SessionId, seq, cancellationToken).ConfigureAwait(false) is { } record)
        {
            builder.Add(record);
        }
    }

    /// <summary>Whether a record summary is one the spans need (calls, tool hooks, subagent starts, session ends).</summary>
    internal static bool Wanted(ReadOnlySpan<byte> summary, out long seq)
    {
        var reader = new Utf8JsonReader(summary);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        seq = RecordJson.Long(root, "seq") ?? 0;
        return seq > 0 && RecordJson.String(root, "type") switch
        {
            "api_request" => RecordJson.String(root, "kind") == "messages",
            "api_response" => true,
            "hook" => RecordJson.String(root, "event") is "PreToolUse" or "PostToolUse" or "PostToolUseFailure" or "SubagentStart" or "SessionEnd",
            _ => false,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OTLP export skipped a record of session {SessionId}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OTLP export fell behind the live feed and missed {Count} records; their spans are not exported (export the session afterwards with `cc-tracer export otlp`).")]
    private static partial void LogMissed(ILogger logger, long count);
}
