using System.Diagnostics.Tracing;

namespace CcTracer.OpenTelemetry.Export;

/// <summary>
/// The OTLP exporter's own failure reports. The batch processor swallows an export's result, and
/// the exporter reports failures only through its EventSource, so a CLI that must say "could not
/// reach the endpoint" listens there while it exports.
/// </summary>
internal sealed class OtlpExportFailures : EventListener
{
    private const string ExporterEventSource = "OpenTelemetry-Exporter-OpenTelemetryProtocol";
    private string? _first;

    /// <summary>The first error reported since the listener was created.</summary>
    public string? First => Volatile.Read(ref _first);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == ExporterEventSource)
        {
            EnableEvents(eventSource, EventLevel.Error);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.Level > EventLevel.Error)
        {
            return;
        }

        var message = eventData.Message is { } format && eventData.Payload is { } payload
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, [.. payload])
            : eventData.EventName;
        Interlocked.CompareExchange(ref _first, message ?? "export failed", null);
    }
}
