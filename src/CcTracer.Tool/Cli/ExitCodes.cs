namespace CcTracer.Tool.Cli;

/// <summary>The tool's exit codes (also listed in <c>--help</c>).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Anything unexpected; <c>status</c> also uses it for "not running", <c>stop</c> for "still running".</summary>
    public const int Failure = 1;

    public const int Usage = 2;

    public const int PortHeldByOther = 3;

    public const int ServerDidNotStart = 4;

    public const int SettingsUnusable = 5;

    public const int ClaudeNotFound = 127;

    public const string HelpText =
        "Exit codes: 0 ok (start: claude's own exit code when it runs claude); 1 error (stop: the server still runs, its hooks were removed anyway), or status: not running; "
        + "2 invalid arguments; 3 the port is held by something that is not cc-tracer; 4 the server did not become healthy; "
        + "5 the settings file cannot be changed safely; 127 claude not found (the server stays up).";
}
