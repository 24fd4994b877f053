using System.Net;

namespace CcTracer.Tool.Cli;

/// <summary>What <c>cc-tracer start</c> was asked to do.</summary>
internal sealed record StartArguments(
    string? SettingsPath,
    string? LogDirectory,
    int Port,
    Uri? Upstream,
    bool ServerOnly,
    bool FirstPartyMode,
    IPAddress Bind,
    IReadOnlyList<string> AllowedHosts,
    IReadOnlyList<string> ClaudeArguments,
    bool MaskSecretsInBodies = true)
{
    /// <summary>The <c>--pricing</c> file, if given.</summary>
    public string? PricingFile { get; init; }

    /// <summary>The live OTLP export the server is started with.</summary>
    public Server.OtlpSettings Otlp { get; init; } = Server.OtlpSettings.None;
}
