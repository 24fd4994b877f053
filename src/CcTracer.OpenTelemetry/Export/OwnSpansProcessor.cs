using System.Diagnostics;
using CcTracer.OpenTelemetry.Mapping;
using OpenTelemetry;

namespace CcTracer.OpenTelemetry.Export;

/// <summary>
/// Passes on only the spans one exporter made. A composite so that the provider still hands its
/// resource (service name) down to the exporter inside.
/// </summary>
internal sealed class OwnSpansProcessor(object owner, BaseProcessor<Activity> inner) : CompositeProcessor<Activity>([inner])
{
    public override void OnStart(Activity data)
    {
    }

    public override void OnEnd(Activity data)
    {
        if (ReferenceEquals(data.GetCustomProperty(SpanFactory.OwnerProperty), owner))
        {
            base.OnEnd(data);
        }
    }
}
