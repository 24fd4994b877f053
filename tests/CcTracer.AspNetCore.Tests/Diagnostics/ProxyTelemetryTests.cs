using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using CcTracer.Diagnostics;
using CcTracer.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Diagnostics;

/// <summary>A call through the real proxy, seen by a host listening to the tracer's Meter and ActivitySource.</summary>
public sealed class ProxyTelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_proxied_call_is_measured_and_traced()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        upstream.Enqueue(ScriptedResponse.Stream(new SseScript().Text("hi there").Build(stopReason: "end_turn")));
        await using var tracer = await InProcessTracer.StartAsync(configure: o => o.Upstream = upstream.BaseUri);
        var telemetry = tracer.Services.GetRequiredService<TracerTelemetry>();
        var measurements = new ConcurrentQueue<(string Name, double Value, string? Direction)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, telemetry.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, tags.Length > 0 ? (string?)tags[0].Value : null)));
        meters.SetMeasurementEventCallback<double>((i, v, _, _) => measurements.Enqueue((i.Name, v, null)));
        meters.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, telemetry.Source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);
        var session = Guid.NewGuid().ToString();

        using var client = tracer.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"claude-haiku-4-5","stream":true,"messages":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Claude-Code-Session-Id", session);
        using (var response = await client.SendAsync(request, Ct))
        {
            await response.Content.ReadAsByteArrayAsync(Ct);
        }

        var exchange = Assert.Single(activities);
        Assert.Equal("cctracer.proxy.exchange", exchange.OperationName);
        Assert.Equal(session, exchange.GetTagItem("cctracer.session_id"));
        Assert.Equal(200, exchange.GetTagItem("http.response.status_code"));
        var all = measurements.ToList();
        Assert.Equal([1.0, -1.0], all.Where(m => m.Name == "cctracer.proxy.exchanges_in_flight").Select(m => m.Value));
        Assert.Equal(Encoding.UTF8.GetByteCount("""{"model":"claude-haiku-4-5","stream":true,"messages":[]}"""), all.Single(m => m is { Name: "cctracer.proxy.bytes", Direction: "request" }).Value);
        Assert.True(all.Single(m => m is { Name: "cctracer.proxy.bytes", Direction: "response" }).Value > 100);
        Assert.True(all.Single(m => m.Name == "cctracer.capture.lag").Value >= 0);
    }
}
