using System.Diagnostics.Tracing;

namespace CcTracer.OpenTelemetry.Export;

/// <summary>
/// The OTLP exporter's own failure reports. The batch processor swallows an export's result, and
/// the exporter reports failures only through its EventSource, so a CLI that must say "could not
/// reach the endpoint" listens there while it exports. The EventSource is process-wide: only
/// reports that name this export's endpoint (its host:port, as the exporter's errors do) count,
/// so two exports in one process do not take each other's failures.
/// </summary>
internal sealed class OtlpExportFailures(Uri endpoint) : EventListener
{
    private const string ExporterEventSource = "OpenTelemetry-Exporter-OpenTelemetryProtocol";
    private readonly string _authority = endpoint.Authority;
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
        if (message is not null && message.Contains(_authority, StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.CompareExchange(ref _first, message, null);
        }
    }
}
