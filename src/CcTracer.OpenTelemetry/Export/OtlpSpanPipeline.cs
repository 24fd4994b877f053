using System.Diagnostics;
using CcTracer.OpenTelemetry.Mapping;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CcTracer.OpenTelemetry.Export;

/// <summary>
/// The SDK pipeline one exporter owns: a tracer provider listening to CcTracer's GenAI source, an
/// always-on sampler (a recorded call is never sampled away, even under a not-sampled
/// <c>traceparent</c>), a bounded batch queue and the official OTLP exporter.
/// </summary>
internal sealed class OtlpSpanPipeline : IDisposable
{
    /// <summary>The ActivitySource (and instrumentation scope) of the exported GenAI spans.</summary>
    public const string SourceName = "CcTracer.OpenTelemetry";

    private readonly ActivitySource _source;
    private readonly TracerProvider _provider;

    public OtlpSpanPipeline(CcTracerOtlpExportOptions options, int maxQueueSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        var owner = new object();
        _source = new ActivitySource(SourceName, typeof(OtlpSpanPipeline).Assembly.GetName().Version?.ToString(3));
        Spans = new SpanFactory(_source, owner);
        var exporter = new OtlpTraceExporter(ExporterOptions(options));
        var batch = new BatchActivityExportProcessor(exporter, maxQueueSize, scheduledDelayMilliseconds: 500, exporterTimeoutMilliseconds: 30_000, maxExportBatchSize: 512);
        _provider = Sdk.CreateTracerProviderBuilder()
            .SetSampler(new AlwaysOnSampler())
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(options.ServiceName))
            .AddSource(SourceName)
            .AddProcessor(new OwnSpansProcessor(owner, batch))
            .Build()!;
    }

    public SpanFactory Spans { get; }

    /// <summary>Sends whatever is queued; false when that did not finish within the timeout.</summary>
    public bool Flush(TimeSpan timeout) => _provider.ForceFlush((int)timeout.TotalMilliseconds);

    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }

    /// <summary>
    /// The SDK's options (which read the <c>OTEL_EXPORTER_OTLP_*</c> variables), with an explicit
    /// endpoint taken as a base URL the way the SDK takes the variable: <c>/v1/traces</c> appended for HTTP.
    /// </summary>
    internal static OtlpExporterOptions ExporterOptions(CcTracerOtlpExportOptions options)
    {
        var otlp = new OtlpExporterOptions();
        if (options.Protocol is { } protocol)
        {
            otlp.Protocol = protocol;
        }

        if (options.Endpoint is { } endpoint)
        {
            otlp.Endpoint = otlp.Protocol == OtlpExportProtocol.HttpProtobuf ? WithSignalPath(endpoint) : endpoint;
        }

        return otlp;
    }

    private static Uri WithSignalPath(Uri endpoint)
    {
        var text = endpoint.ToString();
        return new Uri(text.EndsWith('/') ? text + "v1/traces" : text + "/v1/traces");
    }
}
