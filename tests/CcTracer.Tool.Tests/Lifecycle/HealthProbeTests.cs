using System.Net;
using System.Net.Sockets;
using CcTracer.Tool.Lifecycle;
using Xunit;

namespace CcTracer.Tool.Tests.Lifecycle;

/// <summary>
/// A listener that accepts and never answers is told apart from one that answers as something else:
/// on a loaded machine our own freshly launched server is such a listener for a few seconds, and
/// calling it "another program" made <c>start</c> give up on its own server (exit 3).
/// </summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task A_listener_that_accepts_but_never_answers_is_silent_not_other()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepting = listener.AcceptSocketAsync(ct).AsTask();
        using var probe = new HealthProbe();

        var result = await probe.ProbeAsync(HealthProbe.BaseUri("127.0.0.1", port), ct);

        Assert.Equal(ProbeKind.Silent, result.Kind);
        using var accepted = await accepting;
    }

    [Theory]
    [InlineData("Silent", false, true)]
    [InlineData("Silent", true, false)]
    [InlineData("Other", false, true)]
    [InlineData("Other", true, true)]
    [InlineData("Nothing", true, false)]
    [InlineData("Tracer", false, false)]
    public void A_silent_port_is_someone_elses_only_before_we_launched_our_own_server(string kind, bool launchedOurs, bool heldByOther)
        => Assert.Equal(heldByOther, ServerSupervisor.IsHeldByOther(new ProbeResult(Enum.Parse<ProbeKind>(kind), null, "detail"), launchedOurs));
}
