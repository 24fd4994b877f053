using System.Diagnostics;
using System.Diagnostics.Metrics;
using CcTracer.Diagnostics;
using CcTracer.Live;
using CcTracer.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Core.Tests.Diagnostics;

/// <summary>The tracer's own Meter and ActivitySource: what a listener sees, and that nothing happens without one.</summary>
public sealed class TracerTelemetryTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cctracer-tests", Guid.NewGuid().ToString("N"));
    private SessionLog _log = null!;

    public ValueTask InitializeAsync()
    {
        _log = new SessionLog(Options.Create(new TraceStoreOptions { LogDirectory = _directory }), new LiveFeed(Options.Create(new LiveFeedOptions())));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_log_counters_are_read_from_the_session_log_when_collected()
    {
        using var telemetry = new TracerTelemetry(_log);
        for (var i = 0; i < 3; i++)
        {
            _log.Append(new NoticeRecord("good-session", NoticeLevel.Info, "hello"));
        }

        // A directory where the session's file should be: its record cannot be written.
        Directory.CreateDirectory(_log.PathFor("bad-session"));
        _log.Append(new NoticeRecord("bad-session", NoticeLevel.Info, "lost"));
        await _log.FlushAsync(TestContext.Current.CancellationToken);

        var observed = Collect(telemetry);

        Assert.Equal(4, observed["cctracer.records.accepted"]);
        Assert.Equal(0, observed["cctracer.records.dropped"]);
        Assert.Equal(1, observed["cctracer.log.write_failures"]);
        Assert.True(observed.ContainsKey("cctracer.log.backlog"));
        Assert.Equal("CcTracer", telemetry.Meter.Name);
    }

    [Fact]
    public void A_listener_sees_exchanges_in_flight_bytes_capture_lag_and_an_exchange_activity()
    {
        using var telemetry = new TracerTelemetry(_log);
        var measurements = new List<(string Name, double Value, string? Direction)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, telemetry.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, Direction(tags))));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, Direction(tags))));
        meters.Start();
        var activities = new List<Activity>();
        using var activityListener = ListenTo(telemetry.Source, activities);

        telemetry.ExchangeStarted();
        using (var activity = telemetry.StartExchange("ex1", "s1", "/v1/messages"))
        {
            Assert.NotNull(activity);
        }

        telemetry.BytesCarried(120, "request");
        telemetry.BytesCarried(4096, "response");
        telemetry.CaptureLag(TimeSpan.FromMilliseconds(3));
        telemetry.ExchangeEnded();

        Assert.Equal(
            [("cctracer.proxy.exchanges_in_flight", 1, null), ("cctracer.proxy.bytes", 120, "request"), ("cctracer.proxy.bytes", 4096, "response"), ("cctracer.capture.lag", 0.003, null), ("cctracer.proxy.exchanges_in_flight", -1, null)],
            measurements);
        var exchange = Assert.Single(activities);
        Assert.Equal("cctracer.proxy.exchange", exchange.OperationName);
        Assert.Equal("ex1", exchange.GetTagItem("cctracer.exchange_id"));
        Assert.Equal("s1", exchange.GetTagItem("cctracer.session_id"));
    }

    [Fact]
    public void Without_a_listener_no_instrument_is_enabled_and_no_activity_is_created()
    {
        using var telemetry = new TracerTelemetry(_log);
        var instruments = new List<Instrument>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, _) =>
        {
            if (ReferenceEquals(instrument.Meter, telemetry.Meter))
            {
                instruments.Add(instrument);
            }
        };
        meters.Start();

        Assert.Equal(7, instruments.Count);
        Assert.All(instruments, i => Assert.False(i.Enabled));
        Assert.False(telemetry.Source.HasListeners());
        Assert.Null(telemetry.StartExchange("ex1", "s1", "/v1/messages"));
    }

    private static Dictionary<string, long> Collect(TracerTelemetry telemetry)
    {
        var observed = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, telemetry.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => observed[i.Name] = v);
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }

    internal static ActivityListener ListenTo(ActivitySource source, List<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => stopped.Add(a),
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static string? Direction(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "direction")
            {
                return (string?)tag.Value;
            }
        }

        return null;
    }
}
