using CcTracer.OpenTelemetry.Mapping;
using CcTracer.Storage;

namespace CcTracer.OpenTelemetry.Export;

/// <summary>Sends a recorded session to an OTLP endpoint as GenAI spans (docs/opentelemetry.md).</summary>
public static class OtlpSessionExporter
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(60);

    // A recorded session is exported in one go: the queue could hold all of it rather than drop
    // spans, but with content on each chat span carries its whole conversation (hundreds of KB),
    // so the reader waits for the exporter every FlushEvery spans instead of holding a session in memory.
    private const int RecordedQueueSize = 1 << 16;
    private const int FlushEvery = 256;

    /// <summary>Exports one session log file (<c>&lt;session&gt;.jsonl</c>).</summary>
    /// <param name="path">The session log file.</param>
    /// <param name="options">Where to send and what to include.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static Task<OtlpExportResult> ExportFileAsync(string path, CcTracerOtlpExportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No session log at {path}.", path);
        }

        return ExportAsync(SessionLogReader.ReadFileAsync(path, cancellationToken: cancellationToken), options, cancellationToken);
    }

    /// <summary>Exports records, in log order, and waits until the exporter has sent them.</summary>
    /// <param name="records">The records of one or more sessions.</param>
    /// <param name="options">Where to send and what to include.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async Task<OtlpExportResult> ExportAsync(IAsyncEnumerable<StoredRecord> records, CcTracerOtlpExportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        using var failures = new OtlpExportFailures(OtlpSpanPipeline.ExporterOptions(options).Endpoint);
        using var pipeline = new OtlpSpanPipeline(options, RecordedQueueSize);
        var builder = new SessionSpanBuilder(pipeline.Spans, options.IncludeContent);
        var flushedAt = 0;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            builder.Add(record);
            if (builder.ChatSpans + builder.ToolSpans - flushedAt >= FlushEvery)
            {
                flushedAt = builder.ChatSpans + builder.ToolSpans;
                pipeline.Flush(FlushTimeout);
            }
        }

        builder.CompleteAll();
        var flushed = pipeline.Flush(FlushTimeout);
        return new OtlpExportResult(builder.SessionSpans, builder.ChatSpans, builder.ToolSpans, flushed, failures.First);
    }
}

/// <summary>What an export sent.</summary>
/// <param name="Sessions">Session (<c>invoke_agent</c>) spans.</param>
/// <param name="ChatSpans"><c>chat</c> spans, one per Messages API call with a response.</param>
/// <param name="ToolSpans"><c>execute_tool</c> spans.</param>
/// <param name="Flushed">Whether the exporter finished sending within its timeout.</param>
/// <param name="Failure">The first failure the OTLP exporter reported (unreachable endpoint, rejected batch), or <see langword="null"/>.</param>
public sealed record OtlpExportResult(int Sessions, int ChatSpans, int ToolSpans, bool Flushed, string? Failure)
{
    /// <summary>Every span was handed to the endpoint without a reported failure.</summary>
    public bool Succeeded => Flushed && Failure is null;
}
