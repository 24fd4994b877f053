using CcTracer.TestKit.PublicApi;
using Xunit;

namespace CcTracer.OpenTelemetry.Tests;

/// <summary>CcTracer.OpenTelemetry's public surface is the one listed in docs/public-api/, so changing it is a reviewed diff.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_listing_in_docs()
    {
        if (PublicApiBaseline.Check(typeof(CcTracer.OpenTelemetry.Export.CcTracerOtlpExportOptions).Assembly) is { } difference)
        {
            Assert.Fail(difference);
        }
    }
}
