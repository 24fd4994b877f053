using CcTracer.OpenTelemetry.Export;
using OpenTelemetry.Exporter;
using Xunit;

namespace CcTracer.OpenTelemetry.Tests.Export;

/// <summary>An endpoint is a base URL, as OTEL_EXPORTER_OTLP_ENDPOINT is: the traces path is appended for HTTP only.</summary>
public sealed class ExporterOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4318", "http://127.0.0.1:4318/v1/traces")]
    [InlineData("http://127.0.0.1:4318/", "http://127.0.0.1:4318/v1/traces")]
    [InlineData("http://collector:4318/otlp", "http://collector:4318/otlp/v1/traces")]
    public void Http_endpoint_gets_the_traces_signal_path(string endpoint, string expected)
    {
        var options = OtlpSpanPipeline.ExporterOptions(new CcTracerOtlpExportOptions { Endpoint = new Uri(endpoint), Protocol = OtlpExportProtocol.HttpProtobuf });

        Assert.Equal(new Uri(expected), options.Endpoint);
        Assert.Equal(OtlpExportProtocol.HttpProtobuf, options.Protocol);
    }

    [Fact]
    public void Grpc_endpoint_is_used_as_given()
    {
        var options = OtlpSpanPipeline.ExporterOptions(new CcTracerOtlpExportOptions { Endpoint = new Uri("http://127.0.0.1:4317"), Protocol = OtlpExportProtocol.Grpc });

        Assert.Equal(new Uri("http://127.0.0.1:4317"), options.Endpoint);
    }

    [Theory]
    [InlineData("grpc", OtlpExportProtocol.Grpc)]
    [InlineData("http/protobuf", OtlpExportProtocol.HttpProtobuf)]
    [InlineData(" HTTP/PROTOBUF ", OtlpExportProtocol.HttpProtobuf)]
    public void Protocol_names_are_the_environment_variables_spelling(string name, OtlpExportProtocol expected)
        => Assert.Equal(expected, CcTracerOtlpExportOptions.ParseProtocol(name));

    [Theory]
    [InlineData("http/json")]
    [InlineData("")]
    public void Other_protocol_names_are_refused(string name)
        => Assert.Null(CcTracerOtlpExportOptions.ParseProtocol(name));
}
