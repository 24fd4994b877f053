namespace CcTracer.Settings;

/// <summary>Where the tracer's hooks point and how long Claude Code waits for them.</summary>
public sealed class SettingsMergerOptions
{
    /// <summary>The tracer's host as Claude Code should reach it. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The tracer's port. Default <c>7355</c>.</summary>
    public int Port { get; set; } = 7355;

    /// <summary>
    /// The <c>timeout</c> (seconds) written on each hook. Default 5: the sink answers in
    /// milliseconds, and a dead tracer must not hold up a session for Claude Code's 600 s default.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>How long to wait for another merger holding <c>settings.json.lock</c>. Default 10 s.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
