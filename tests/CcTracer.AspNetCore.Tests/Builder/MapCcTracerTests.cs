using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Builder;

public sealed class MapCcTracerTests
{
    [Fact]
    public async Task MapCcTracer_without_AddCcTracer_fails_at_map_time_naming_AddCcTracer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapCcTracer());

        Assert.Contains("AddCcTracer()", error.Message, StringComparison.Ordinal);
    }
}
