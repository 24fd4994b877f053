using System.Net;

namespace CcTracer.Tool.Server;

/// <summary>How <c>serve</c> runs: where it listens, logs and forwards to, and whether bodies are masked (<c>--no-body-masking</c>).</summary>
internal sealed record ServeSettings(int Port, IPAddress Bind, string LogDirectory, Uri Upstream, IReadOnlyList<string> AllowedHosts, bool MaskSecretsInBodies = true)
{
    /// <summary>The live OTLP export asked for on the command line (the OTEL_EXPORTER_OTLP_* variables can turn it on too).</summary>
    public OtlpSettings Otlp { get; init; } = OtlpSettings.None;

    /// <summary>The address clients on this machine use: loopback unless the bind is one specific other address.</summary>
    public string ClientHost => Bind.Equals(IPAddress.Any) || Bind.Equals(IPAddress.IPv6Any) || IPAddress.IsLoopback(Bind)
        ? (Bind.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !Bind.Equals(IPAddress.IPv6Any) ? "::1" : "127.0.0.1")
        : Bind.ToString();

    /// <summary>The pricing file for cost estimates (full path), or <see langword="null"/> for the built-in table.</summary>
    public string? PricingFile { get; init; }
}
