using System.Globalization;

namespace CcTracer.Tool.Lifecycle;

/// <summary>
/// The tool's own folder (<c>$CC_TRACER_HOME</c>, else <c>~/.cc-tracer</c>): per-port state files,
/// locks and server logs live in <c>state/</c>. Tests point the variable at a temp folder.
/// </summary>
internal sealed class TracerHome
{
    public const string HomeVariable = "CC_TRACER_HOME";

    public TracerHome(string root)
    {
        Root = Path.GetFullPath(root);
        StateDirectory = Path.Combine(Root, "state");
    }

    public string Root { get; }

    public string StateDirectory { get; }

    public static TracerHome FromEnvironment()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(HomeVariable);
        return new TracerHome(!string.IsNullOrWhiteSpace(fromEnvironment)
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cc-tracer"));
    }

    public string StateFile(int port) => Path.Combine(StateDirectory, Name("server", port, "json"));

    public string LockFile(int port) => Path.Combine(StateDirectory, Name("server", port, "lock"));

    public string ServerLog(int port) => Path.Combine(StateDirectory, Name("server", port, "log"));

    public string HooksFile(int port) => Path.Combine(StateDirectory, Name("hooks", port, "json"));

    public void EnsureStateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(StateDirectory);
        }
        else
        {
            // The state file holds the shutdown token: keep the folder private.
            Directory.CreateDirectory(StateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static string Name(string kind, int port, string extension)
        => string.Create(CultureInfo.InvariantCulture, $"{kind}-{port}.{extension}");
}
