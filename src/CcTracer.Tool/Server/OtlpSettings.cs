using CcTracer.OpenTelemetry.Export;
using OpenTelemetry.Exporter;

namespace CcTracer.Tool.Server;

/// <summary>
/// The live OTLP export of <c>start</c>/<c>serve</c> (docs/opentelemetry.md): on with
/// <c>--otlp-endpoint</c>, or when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, as other OpenTelemetry
/// programs do.
/// </summary>
internal sealed record OtlpSettings(Uri? Endpoint, OtlpExportProtocol? Protocol, bool Content)
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static OtlpSettings None { get; } = new(null, null, false);

    public bool Enabled => Endpoint is not null || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointVariable));

    public void Configure(CcTracerOtlpExportOptions options)
    {
        options.Endpoint = Endpoint;
        options.Protocol = Protocol;
        options.IncludeContent = Content;
    }

    /// <summary>The same settings as <c>serve</c> options, for the detached server <c>start</c> launches.</summary>
    public IEnumerable<string> ServeArguments()
    {
        if (Endpoint is not null)
        {
            yield return "--otlp-endpoint";
            yield return Endpoint.ToString();
        }

        if (Protocol is { } protocol)
        {
            yield return "--otlp-protocol";
            yield return protocol == OtlpExportProtocol.Grpc ? "grpc" : "http/protobuf";
        }

        if (Content)
        {
            yield return "--otlp-content";
        }
    }
}
