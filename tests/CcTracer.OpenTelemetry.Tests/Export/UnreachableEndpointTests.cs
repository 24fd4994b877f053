using CcTracer.OpenTelemetry.Export;
using CcTracer.OpenTelemetry.Tests.Support;
using OpenTelemetry.Exporter;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.OpenTelemetry.Tests.Export;

/// <summary>An export that reaches nobody says so, instead of reporting spans as sent.</summary>
public sealed class UnreachableEndpointTests
{
    [Fact]
    public async Task Export_to_a_closed_port_reports_the_failure()
    {
        var result = await OtlpSessionExporter.ExportFileAsync(Fixtures.OneToolSession, new CcTracerOtlpExportOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}"),
            Protocol = OtlpExportProtocol.HttpProtobuf,
        }, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.ChatSpans);
        Assert.False(result.Succeeded);
        Assert.NotNull(result.Failure);
    }

    [Fact]
    public async Task Each_export_reports_only_its_own_endpoints_failure()
    {
        var (first, second) = (LoopbackPort.Free(), LoopbackPort.Free());

        var results = await Task.WhenAll(ExportToAsync(first), ExportToAsync(second));

        Assert.Contains($"127.0.0.1:{first}", results[0].Failure, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{second}", results[1].Failure, StringComparison.Ordinal);
    }

    private static Task<OtlpExportResult> ExportToAsync(int port) => Task.Run(() => OtlpSessionExporter.ExportFileAsync(Fixtures.OneToolSession, new CcTracerOtlpExportOptions
    {
        Endpoint = new Uri($"http://127.0.0.1:{port}"),
        Protocol = OtlpExportProtocol.HttpProtobuf,
    }, TestContext.Current.CancellationToken));
}
