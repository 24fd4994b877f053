using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace CcTracer.Benchmarks;

/// <summary>
/// Time from launching <c>cc-tracer serve</c> to its first healthy <c>/api/health</c>, as a user
/// waits for it in <c>cc-tracer start</c>. Also the server's CPU time by then, which a loaded
/// machine inflates far less than wall time.
/// Usage: <c>dotnet run -c Release --project benchmarks/CcTracer.Benchmarks -- startup [runs] [path/to/cc-tracer.dll]</c>.
/// </summary>
internal static class ServerStartupMeasurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var tool = args.Length > 1 ? args[1] : FindTool();
        Console.WriteLine($"tool: {tool}; {Environment.ProcessorCount} cores; load average: {LoadAverage()}");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var wall = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var home = Directory.CreateTempSubdirectory("cct-bench-");
            try
            {
                var port = FreePort();
                var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var a in new[] { tool, "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--log-dir", Path.Combine(home.FullName, "logs") })
                {
                    start.ArgumentList.Add(a);
                }

                start.Environment["CC_TRACER_HOME"] = home.FullName;
                var clock = Stopwatch.StartNew();
                using var process = Process.Start(start)!;
                _ = process.StandardError.ReadToEndAsync();
                _ = process.StandardOutput.ReadToEndAsync();
                var health = new Uri($"http://127.0.0.1:{port}/api/health");
                while (true)
                {
                    try
                    {
                        using var response = await client.GetAsync(health);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            break;
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }

                    if (clock.Elapsed > TimeSpan.FromSeconds(60))
                    {
                        throw new TimeoutException("the server did not become healthy within 60 s");
                    }

                    await Task.Delay(5);
                }

                wall.Add(clock.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu.Add(process.TotalProcessorTime.TotalMilliseconds);
                Console.WriteLine($"run {i + 1}: healthy after {wall[^1]:0} ms wall, {cpu[^1]:0} ms CPU");
                var token = JsonDocument.Parse(File.ReadAllText(Path.Combine(home.FullName, "state", $"server-{port}.json"))).RootElement.GetProperty("shutdown_token").GetString();
                using var stop = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}/tool/shutdown"));
                stop.Headers.Add("X-Cc-Tracer-Token", token);
                using (await client.SendAsync(stop))
                {
                }

                await process.WaitForExitAsync();
            }
            finally
            {
                home.Delete(recursive: true);
            }
        }

        wall.Sort();
        cpu.Sort();
        Console.WriteLine($"start-up to healthy over {runs} runs: median {wall[runs / 2]:0} ms wall (min {wall[0]:0}, max {wall[^1]:0}); median {cpu[runs / 2]:0} ms server CPU");
        return 0;
    }

    private static string FindTool()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CcTracer.sln")))
        {
            dir = dir.Parent;
        }

        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var path = Path.Combine(dir?.FullName ?? ".", "src", "CcTracer.Tool", "bin", configuration, "net10.0", "cc-tracer.dll");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("Build src/CcTracer.Tool first (dotnet build -c Release src/CcTracer.Tool), or pass the path to cc-tracer.dll.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
