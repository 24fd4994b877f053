using System.Diagnostics;

namespace CcTracer.OpenTelemetry.Mapping;

/// <summary>
/// Starts spans after the fact, with explicit start times and parents, and marks them as this
/// exporter's: the ActivitySource is shared by name, so every exporter in the process sees every
/// span, and <see cref="Export.OwnSpansProcessor"/> keeps only its own.
/// </summary>
internal sealed class SpanFactory(ActivitySource source, object owner)
{
    public const string OwnerProperty = "cctracer.exporter";

    public Activity? Start(string name, ActivityKind kind, ActivityContext parent, DateTimeOffset start, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        // A default parent would otherwise mean "the ambient activity" (a host's request span).
        var ambient = Activity.Current;
        Activity.Current = null;
        try
        {
            var span = source.StartActivity(kind, parent, tags, links: null, startTime: start, name: name);
            span?.SetCustomProperty(OwnerProperty, owner);
            return span;
        }
        finally
        {
            Activity.Current = ambient;
        }
    }

    public static void End(Activity span, DateTimeOffset end)
    {
        var endUtc = end.UtcDateTime;
        span.SetEndTime(endUtc < span.StartTimeUtc ? span.StartTimeUtc : endUtc);
        var ambient = Activity.Current;
        span.Stop();
        Activity.Current = ambient;
    }
}
