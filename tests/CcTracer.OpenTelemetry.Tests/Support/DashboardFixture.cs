using CcTracer.TestKit.Otlp;
using Xunit;

namespace CcTracer.OpenTelemetry.Tests.Support;

/// <summary>One Aspire dashboard for a test class; each test tells its spans apart by its own service name.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private AspireDashboard? _dashboard;

    /// <summary>The running dashboard; skips the test when none is installed.</summary>
    public AspireDashboard Dashboard
    {
        get
        {
            if (_dashboard is null)
            {
                Assert.Skip(AspireDashboard.NotInstalled);
            }

            return _dashboard;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (AspireDashboard.Find() is not null)
        {
            _dashboard = await AspireDashboard.StartAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }
    }

    /// <summary>A service name no other test uses.</summary>
    public static string UniqueService() => "cc-tracer-test-" + Guid.NewGuid().ToString("N")[..8];
}
