using OpenTelemetry.Exporter;

namespace CcTracer.OpenTelemetry.Export;

/// <summary>Where and how CcTracer sends GenAI spans over OTLP.</summary>
public sealed class CcTracerOtlpExportOptions
{
    /// <summary>
    /// The collector's base URL, as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> takes it: for
    /// <c>http/protobuf</c> the signal path <c>/v1/traces</c> is appended. When
    /// <see langword="null"/>, the standard <c>OTEL_EXPORTER_OTLP_*</c> variables apply, then the SDK's default.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// <see cref="OtlpExportProtocol.Grpc"/> or <see cref="OtlpExportProtocol.HttpProtobuf"/>; when
    /// <see langword="null"/>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (<c>grpc</c>, <c>http/protobuf</c>), then the SDK's default.
    /// </summary>
    public OtlpExportProtocol? Protocol { get; set; }

    /// <summary>
    /// Adds the conversation (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>,
    /// <c>gen_ai.system_instructions</c>, <c>gen_ai.tool.definitions</c>, tool arguments and results),
    /// as stored (after masking). Off by default: prompts and code leave the machine only when asked.
    /// </summary>
    public bool IncludeContent { get; set; }

    /// <summary>The <c>service.name</c> of the exported resource (default <c>cc-tracer</c>).</summary>
    public string ServiceName { get; set; } = "cc-tracer";

    /// <summary>Parses a protocol name as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> spells it (<c>grpc</c>, <c>http/protobuf</c>).</summary>
    /// <returns><see langword="null"/> for any other name.</returns>
    public static OtlpExportProtocol? ParseProtocol(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "GRPC" => OtlpExportProtocol.Grpc,
        "HTTP/PROTOBUF" => OtlpExportProtocol.HttpProtobuf,
        _ => null,
    };
}
