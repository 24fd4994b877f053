using System.Net;
using System.Net.Sockets;

namespace CcTracer.Benchmarks.Harness;

/// <summary>
/// mitmproxy as a reverse proxy to the scripted upstream. It runs under a tiny shell that holds
/// our pipe on stdin and kills mitmdump when the pipe closes, so it dies with the benchmark.
/// </summary>
internal static class MitmDump
{
    public const string Executable = "/usr/bin/mitmdump";

    public static bool IsInstalled => File.Exists(Executable);

    /// <param name="stream">true: <c>stream_large_bodies=1</c> (forward as it arrives); false: mitmproxy's default, buffer whole bodies.</param>
    public static async Task<ChildProcess> StartAsync(string name, Uri upstream, bool stream, string confDirectory)
    {
        var port = FreePort();
        var args = new List<string>
        {
            "-c",
            "\"$@\" & p=$!; trap 'kill $p 2>/dev/null' EXIT INT TERM; echo READY; cat >/dev/null",
            "sh",
            Executable,
            "--mode", $"reverse:{upstream.GetLeftPart(UriPartial.Authority)}",
            "--listen-host", "127.0.0.1",
            "--listen-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-q",
            "--set", $"confdir={confDirectory}",
        };
        if (stream)
        {
            args.AddRange(["--set", "stream_large_bodies=1"]);
        }

        var child = await ChildProcess.StartAsync(name, "/bin/sh", args, null, "READY").ConfigureAwait(false);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                await child.DisposeAsync().ConfigureAwait(false);
                throw new BenchFailure($"{name} did not listen on {port}. stderr:\n{child.StandardError}");
            }
        }

        child.ReadyText = $"http://127.0.0.1:{port}";
        return child;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
