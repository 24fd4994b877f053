using System.Reflection;

namespace CcTracer.AspNetCore;

/// <summary>What this tracer is: its version and when it started (for <c>/api/health</c>).</summary>
internal sealed class TracerIdentity
{
    /// <summary>The tracer's informational version (without source-control suffix).</summary>
    public string Version { get; } = (typeof(TracerIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>When this service (so the server) started.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
}
