using System.Diagnostics;
using System.Diagnostics.Metrics;
using CcTracer.Storage;

namespace CcTracer.Diagnostics;

/// <summary>
/// The tracer's own metrics and activities (docs/telemetry.md). Free when nobody listens, as
/// YARP's telemetry is: the log's counters are observable (read only when a listener collects),
/// and every measurement or activity on the proxy's path first asks whether anyone listens.
/// </summary>
internal sealed class TracerTelemetry : IDisposable
{
    private readonly ActivitySource _source;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _captureLag;
    private readonly bool _ownsMeter;

    public TracerTelemetry(SessionLog log, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var version = typeof(TracerTelemetry).Assembly.GetName().Version?.ToString(3);
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(new MeterOptions(CcTracerTelemetry.MeterName) { Version = version }) ?? new Meter(CcTracerTelemetry.MeterName, version);
        _source = new ActivitySource(CcTracerTelemetry.ActivitySourceName, version);
        Meter.CreateObservableCounter("cctracer.records.accepted", () => log.AcceptedRecords, "{record}", "Records accepted for the session log.");
        Meter.CreateObservableCounter("cctracer.records.dropped", () => log.DroppedRecords, "{record}", "Records dropped because the log writer was a whole queue behind.");
        Meter.CreateObservableCounter("cctracer.log.write_failures", () => log.WriteFailures, "{failure}", "Records the log could not write (disk full, permissions).");
        Meter.CreateObservableUpDownCounter("cctracer.log.backlog", () => Math.Max(0, log.AcceptedRecords - log.WrittenRecords), "{record}", "Records accepted but not yet on disk.");
        _inFlight = Meter.CreateUpDownCounter<long>("cctracer.proxy.exchanges_in_flight", "{exchange}", "API exchanges the proxy is carrying.");
        _bytes = Meter.CreateCounter<long>("cctracer.proxy.bytes", "By", "Bytes the proxy carried, by direction (request, response).");
        _captureLag = Meter.CreateHistogram<double>("cctracer.capture.lag", "s", "From the last response byte reaching Claude Code to its record being accepted.");
    }

    /// <summary>The meter (tests listen to this instance, not to every meter named CcTracer).</summary>
    public Meter Meter { get; }

    /// <summary>The activity source of the tracer's own work.</summary>
    public ActivitySource Source => _source;

    /// <summary>An activity for one proxied exchange, or null (nothing allocated) when nobody listens.</summary>
    public Activity? StartExchange(string exchangeId, string sessionId, string path)
    {
        if (!_source.HasListeners())
        {
            return null;
        }

        var activity = _source.StartActivity("cctracer.proxy.exchange", ActivityKind.Internal);
        activity?.SetTag("cctracer.exchange_id", exchangeId);
        activity?.SetTag("cctracer.session_id", sessionId);
        activity?.SetTag("url.path", path);
        return activity;
    }

    public void ExchangeStarted()
    {
        if (_inFlight.Enabled)
        {
            _inFlight.Add(1);
        }
    }

    public void ExchangeEnded()
    {
        if (_inFlight.Enabled)
        {
            _inFlight.Add(-1);
        }
    }

    public void BytesCarried(long bytes, string direction)
    {
        if (_bytes.Enabled && bytes > 0)
        {
            _bytes.Add(bytes, new KeyValuePair<string, object?>("direction", direction));
        }
    }

    public void CaptureLag(TimeSpan lag)
    {
        if (_captureLag.Enabled)
        {
            _captureLag.Record(lag.TotalSeconds);
        }
    }

    public void Dispose()
    {
        _source.Dispose();
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
