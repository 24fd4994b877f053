using System.CommandLine;
using CcTracer.OpenTelemetry.Export;
using CcTracer.Tool.Server;

namespace CcTracer.Tool.Cli;

/// <summary>
/// The OTLP options: <c>--otlp-*</c> on <c>start</c>/<c>serve</c> (live export), the same without
/// the prefix on <c>export otlp</c>. Unset ones follow the <c>OTEL_EXPORTER_OTLP_*</c> variables.
/// </summary>
internal sealed class OtlpCommandOptions
{
    private OtlpCommandOptions(string prefix)
    {
        Endpoint = new Option<string>($"--{prefix}endpoint")
        {
            Description = "The OTLP collector's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT (default: that variable); /v1/traces is appended for http/protobuf.",
            HelpName = "URL",
        };
        Endpoint.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && ParseEndpoint(value) is null)
            {
                result.AddError($"{Endpoint.Name} must be an absolute http(s) URL (got '{value}').");
            }
        });
        Protocol = new Option<string>($"--{prefix}protocol")
        {
            Description = "grpc or http/protobuf (default: OTEL_EXPORTER_OTLP_PROTOCOL, else grpc).",
            HelpName = "PROTOCOL",
        };
        Protocol.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && CcTracerOtlpExportOptions.ParseProtocol(value) is null)
            {
                result.AddError($"{Protocol.Name} must be grpc or http/protobuf (got '{value}').");
            }
        });
        Content = new Option<bool>($"--{prefix}content")
        {
            Description = "Also export the conversation (messages, system prompt, tool definitions, tool input and output), as stored after masking. Off by default.",
        };
    }

    public Option<string> Endpoint { get; }

    public Option<string> Protocol { get; }

    public Option<bool> Content { get; }

    /// <summary><c>--otlp-endpoint</c>, <c>--otlp-protocol</c>, <c>--otlp-content</c>.</summary>
    public static OtlpCommandOptions Live() => new("otlp-");

    /// <summary><c>--endpoint</c>, <c>--protocol</c>, <c>--content</c>.</summary>
    public static OtlpCommandOptions Export() => new(string.Empty);

    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Protocol);
        command.Options.Add(Content);
    }

    public OtlpSettings Read(ParseResult result) => new(
        result.GetValue(Endpoint) is { } endpoint ? ParseEndpoint(endpoint) : null,
        CcTracerOtlpExportOptions.ParseProtocol(result.GetValue(Protocol)),
        result.GetValue(Content));

    private static Uri? ParseEndpoint(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
}
