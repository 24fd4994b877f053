using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace CcTracer.TestKit.Otlp;

/// <summary>
/// A real OTLP receiver for tests: the Aspire dashboard (NuGet's Aspire.Dashboard.Sdk.linux-x64,
/// installed by scripts/test.sh into .tools/nuget/), started on free loopback ports with anonymous
/// access, and queried through its telemetry API for what it stored.
/// </summary>
public sealed class AspireDashboard : IAsyncDisposable
{
    /// <summary>The variable scripts/test.sh sets to the dashboard's executable.</summary>
    public const string Variable = "CC_TRACER_ASPIRE_DASHBOARD";

    private readonly Process _process;
    private readonly HttpClient _http;

    private AspireDashboard(Process process, Uri api, Uri otlpHttp, Uri otlpGrpc)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
        OtlpHttp = otlpHttp;
        OtlpGrpc = otlpGrpc;
    }

    /// <summary>The OTLP/HTTP base URL (signal paths are appended by the exporter).</summary>
    public Uri OtlpHttp { get; }

    /// <summary>The OTLP/gRPC endpoint.</summary>
    public Uri OtlpGrpc { get; }

    /// <summary>$CC_TRACER_ASPIRE_DASHBOARD, else the copy scripts/test.sh installs; null when neither exists.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        var installed = Path.Combine(RepositoryPaths.Root, ".tools", "nuget", "aspire.dashboard.sdk.linux-x64", "13.6.5", "tools", "Aspire.Dashboard");
        return File.Exists(installed) ? installed : null;
    }

    /// <summary>Why a test that needs the dashboard skips when <see cref="Find"/> finds none.</summary>
    public const string NotInstalled = $"The Aspire dashboard is not installed (scripts/test.sh installs it into .tools/nuget/, or set {Variable}).";

    /// <summary>Starts a dashboard and waits until its API answers.</summary>
    public static async Task<AspireDashboard> StartAsync(CancellationToken cancellationToken)
    {
        var path = Find() ?? throw new InvalidOperationException(NotInstalled);

        var (ui, http, grpc) = (LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free());
        var start = new ProcessStartInfo(path!)
        {
            WorkingDirectory = Path.GetDirectoryName(path)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ui}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{http}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{grpc}";
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The dashboard did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var dashboard = new AspireDashboard(process, new Uri($"http://127.0.0.1:{ui}"), new Uri($"http://127.0.0.1:{http}"), new Uri($"http://127.0.0.1:{grpc}"));
        try
        {
            await Poll.UntilAsync(async () =>
            {
                try
                {
                    using var response = await dashboard._http.GetAsync("/api/telemetry/spans", cancellationToken);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return !process.HasExited ? false : throw new InvalidOperationException($"The dashboard exited with {process.ExitCode}.");
                }
            }, TimeSpan.FromSeconds(60), "the Aspire dashboard's API to answer", cancellationToken);
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }

        return dashboard;
    }

    /// <summary>Every span the dashboard stored, flattened from its OTLP JSON.</summary>
    public async Task<IReadOnlyList<StoredSpan>> GetSpansAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("/api/telemetry/spans?limit=10000", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return StoredSpan.Read(document.RootElement);
    }

    /// <summary>Polls until the stored spans satisfy <paramref name="done"/>; returns them.</summary>
    public async Task<IReadOnlyList<StoredSpan>> WaitForSpansAsync(Func<IReadOnlyList<StoredSpan>, bool> done, string what, CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredSpan> spans = [];
        await Poll.UntilAsync(async () => done(spans = await GetSpansAsync(cancellationToken)), TimeSpan.FromSeconds(30), what, cancellationToken);
        return spans;
    }

    /// <summary>Stops the dashboard.</summary>
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
