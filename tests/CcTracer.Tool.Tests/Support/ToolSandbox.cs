using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;

namespace CcTracer.Tool.Tests.Support;

/// <summary>
/// Runs the real built <c>cc-tracer</c> (<c>dotnet cc-tracer.dll</c>) in isolation: its own
/// <c>CC_TRACER_HOME</c>, log directory, project folder and free port, and an environment without
/// the caller's Anthropic/Claude variables. Disposing stops any server it left and deletes it all.
/// </summary>
internal sealed class ToolSandbox : IAsyncDisposable
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    public ToolSandbox()
    {
        Root = Directory.CreateTempSubdirectory("cctracer-tool-").FullName;
        Home = Path.Combine(Root, "home");
        LogDirectory = Path.Combine(Root, "logs");
        Project = Path.Combine(Root, "project");
        Directory.CreateDirectory(Path.Combine(Project, ".claude"));
        Port = FreePort();
    }

    public string Root { get; }

    public string Home { get; }

    public string LogDirectory { get; }

    public string Project { get; }

    public int Port { get; }

    public string PortText => Port.ToString(CultureInfo.InvariantCulture);

    public string SettingsPath => Path.Combine(Project, ".claude", "settings.json");

    public string StateFile => Path.Combine(Home, "state", $"server-{PortText}.json");

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public static string ToolDll
    {
        get
        {
            var path = typeof(Program).Assembly.Location;
            return File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json"))
                ? path
                : throw new FileNotFoundException("cc-tracer.runtimeconfig.json is not next to cc-tracer.dll", path);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sends a POSIX signal (<c>TERM</c>, <c>INT</c>) the way a user's <c>kill</c> would: .NET cannot send one to another process.</summary>
    public static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Writes a settings file in the 2-space format the merger writes, so Merge + Remove is byte-exact.</summary>
    public byte[] WriteOriginalSettings()
    {
        var bytes = "{\n  \"env\": {\n    \"MY_SETTING\": \"kept\"\n  },\n  \"permissions\": {\n    \"allow\": [\n      \"Bash(ls:*)\"\n    ]\n  }\n}\n"u8.ToArray();
        File.WriteAllBytes(SettingsPath, bytes);
        return bytes;
    }

    public Process StartTool(IEnumerable<string> args, string? workingDirectory = null, bool redirect = true)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Project,
        };
        start.ArgumentList.Add(ToolDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            // The test may itself run inside a Claude Code session or with a real key: none of that leaks in.
            if (name.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || name.StartsWith("CLAUDE", StringComparison.Ordinal)
                || name.StartsWith("_CLAUDE", StringComparison.Ordinal) || name.StartsWith("CC_TRACER", StringComparison.Ordinal)
                || name == "TRACER_LOG_DIR")
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["CC_TRACER_HOME"] = Home;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    public async Task<ToolRun> RunAsync(params string[] args) => await RunInAsync(null, args);

    public async Task<ToolRun> RunInAsync(string? workingDirectory, params string[] args)
    {
        using var process = StartTool(args, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cc-tracer {string.Join(' ', args)} did not finish within {RunTimeout}.\n{await stderr}");
        }

        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The pid in the server's state file, or null.</summary>
    public int? StatePid()
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(StateFile));
            return doc.RootElement.GetProperty("pid").GetInt32();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    public async Task<JsonElement?> HealthAsync()
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var json = await client.GetStringAsync(new Uri($"http://127.0.0.1:{PortText}/api/health"), TestContext.Current.CancellationToken);
            return JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public bool PortIsFree()
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var pid = StatePid();
        if (pid is not null || !PortIsFree())
        {
            try
            {
                await RunAsync("stop", "--port", PortText);
            }
            catch (Exception)
            {
                // Fall through to the kill below.
            }
        }

        if (pid is { } p)
        {
            try
            {
                using var left = Process.GetProcessById(p);
                left.Kill();
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
