using System.Diagnostics;
using System.Text;

namespace CcTracer.Benchmarks.Harness;

/// <summary>
/// A server the benchmark runs in its own process (so its GC, threads and memory are its own).
/// Every child holds our pipe on its stdin and exits when it reads EOF, so even a benchmark
/// killed with SIGKILL leaves nothing behind; disposing also kills the whole tree.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyPrefix;
    private int _disposed;

    private ChildProcess(string name, Process process, string readyPrefix)
    {
        Name = name;
        _process = process;
        _readyPrefix = readyPrefix;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    /// <summary>What the child printed after its ready prefix (the address it listens on).</summary>
    public string ReadyText { get; set; } = "";

    public bool HasExited => _process.HasExited;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Runs this benchmark executable in a serve mode, e.g. <c>serve-upstream</c>.</summary>
    public static Task<ChildProcess> StartSelfAsync(string name, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this executable.");
        var prefix = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Started as `dotnet CcTracer.Benchmarks.dll`: the children need the dll too.
            prefix.Add(typeof(ChildProcess).Assembly.Location);
        }

        return StartAsync(name, self, prefix.Concat(args), environment, ServeHost.ReadyPrefix);
    }

    public static async Task<ChildProcess> StartAsync(string name, string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, string readyPrefix, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // Children must not inherit a benchmark's own tuning by accident; each says what it wants.
        info.Environment.Remove("DOTNET_gcServer");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, readyPrefix);
        process.OutputDataReceived += (_, e) => child.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnError(e.Data);
        process.Exited += (_, _) => child._ready.TrySetException(new BenchFailure($"{name} exited before it was ready. stderr:\n{child.StandardError}"));
        if (!process.Start())
        {
            throw new BenchFailure($"Could not start {name} ({fileName}).");
        }

        ChildRegistry.Add(child);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            child.ReadyText = await child._ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await child.DisposeAsync().ConfigureAwait(false);
            throw new BenchFailure($"{name} did not become ready in time. stderr:\n{child.StandardError}");
        }
        catch
        {
            await child.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return child;
    }

    public long PeakWorkingSet => ProcStatus.ReadBytes(Pid, "VmHWM");

    public long WorkingSet => ProcStatus.ReadBytes(Pid, "VmRSS");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                // EOF on stdin is the polite stop; a kill follows if it is ignored.
                _process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
        }
        finally
        {
            KillNow();
            ChildRegistry.Remove(this);
            _process.Dispose();
        }
    }

    /// <summary>Kills the child and its descendants at once (also used from the exit handler).</summary>
    public void KillNow()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
        }
    }

    private void OnOutput(string? line)
    {
        if (line is not null && line.StartsWith(_readyPrefix, StringComparison.Ordinal))
        {
            _ready.TrySetResult(line[_readyPrefix.Length..].Trim());
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            // Keep the head: the first error explains the rest.
            if (_stderr.Length < 64 * 1024)
            {
                _stderr.AppendLine(line);
            }
        }
    }
}
