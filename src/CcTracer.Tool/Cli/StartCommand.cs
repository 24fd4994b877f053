using CcTracer.AspNetCore;
using CcTracer.Settings;
using CcTracer.Storage;
using CcTracer.Tool.Claude;
using CcTracer.Tool.Lifecycle;
using CcTracer.Tool.Server;

namespace CcTracer.Tool.Cli;

/// <summary><c>cc-tracer start</c>: a tracer on the port (started or reused), its hooks in the settings, then claude.</summary>
internal static class StartCommand
{
    public static async Task<int> RunAsync(StartArguments args, TracerHome home, ToolOutput output, CancellationToken cancellationToken)
    {
        var upstream = ChooseUpstream(args, output);
        var settings = new ServeSettings(args.Port, args.Bind, Path.GetFullPath(args.LogDirectory ?? TraceStoreOptions.DefaultLogDirectory()), upstream, args.AllowedHosts, args.MaskSecretsInBodies)
        {
            PricingFile = args.PricingFile is null ? null : Path.GetFullPath(args.PricingFile),
            Otlp = args.Otlp,
        };
        ServeCommand.WarnIfExposed(settings, output);

        // The server first: hooks must never point at a port held by something else.
        using var supervisor = new ServerSupervisor(home, output);
        var ensured = await supervisor.EnsureRunningAsync(settings, cancellationToken).ConfigureAwait(false);
        if (ensured.Health is not { } health)
        {
            return ensured.ExitCode;
        }

        var address = HealthProbe.BaseUri(settings.ClientHost, settings.Port);
        output.Info(ensured.Reused
            ? $"using the tracer already running on port {settings.Port} (pid {health.Pid}); UI: {address}"
            : $"started the tracer on port {settings.Port} (pid {health.Pid}); UI: {address}");
        output.Info($"logging to {health.LogDirectory}; forwarding to {health.Upstream}");
        if (ensured.Reused)
        {
            WarnIfDifferent(args, settings, health, output);
        }

        var settingsPath = Path.GetFullPath(args.SettingsPath ?? SettingsMerger.DefaultProjectSettingsPath(Environment.CurrentDirectory));
        try
        {
            var merged = await new SettingsMerger(new SettingsMergerOptions { Host = settings.ClientHost, Port = settings.Port })
                .MergeAsync(settingsPath, cancellationToken).ConfigureAwait(false);
            HookInstallations.Add(home, settings.Port, merged.SettingsPath);
            output.Info($"hooks installed in {merged.SettingsPath}{(merged.BackupWritten ? $" (original saved as {merged.BackupPath})" : string.Empty)}");
        }
        catch (SettingsFileException ex)
        {
            output.Fail(ex.Message);
            return ExitCodes.SettingsUnusable;
        }

        if (args.ServerOnly)
        {
            output.Info($"point claude at it with ANTHROPIC_BASE_URL={address.ToString().TrimEnd('/')}; stop it with `cc-tracer stop`.");
            return ExitCodes.Success;
        }

        var claude = ClaudeExecutable.Find(out var problem);
        if (claude is null)
        {
            output.Fail($"{problem}; the tracer keeps running at {address}.");
            return ExitCodes.ClaudeNotFound;
        }

        var firstParty = args.FirstPartyMode && IsFirstParty(health.Upstream);
        if (firstParty)
        {
            output.Info($"set {ClaudeLauncher.AssumeFirstPartyVariable}=1 so claude sends what it sends without a tracer (--no-first-party-mode turns this off).");
        }

        var exitCode = await ClaudeLauncher.RunAsync(claude, args.ClaudeArguments, address, firstParty, cancellationToken).ConfigureAwait(false);
        output.Info($"claude exited with code {exitCode}; the tracer keeps running: browse {address}, stop it with `cc-tracer stop`.");
        return exitCode;
    }

    internal static bool IsFirstParty(string? upstream)
        => Uri.TryCreate(upstream, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps
            && uri.Host.Equals(CcTracerOptions.AnthropicApi.Host, StringComparison.OrdinalIgnoreCase);

    /// <summary>--upstream, else a non-tracer ANTHROPIC_BASE_URL from the environment (chained), else the first-party API.</summary>
    private static Uri ChooseUpstream(StartArguments args, ToolOutput output)
    {
        if (args.Upstream is not null)
        {
            return args.Upstream;
        }

        var inherited = Environment.GetEnvironmentVariable(ClaudeLauncher.BaseUrlVariable);
        if (string.IsNullOrWhiteSpace(inherited))
        {
            return CcTracerOptions.AnthropicApi;
        }

        if (UpstreamUrl.Parse(inherited) is not { } uri)
        {
            output.Warn($"ignoring {ClaudeLauncher.BaseUrlVariable}='{inherited}': not an http(s) URL.");
            return CcTracerOptions.AnthropicApi;
        }

        if (uri.IsLoopback && uri.Port == args.Port)
        {
            // Already pointing at this tracer (a shell started from a traced session): not a chain.
            return CcTracerOptions.AnthropicApi;
        }

        output.Info($"your {ClaudeLauncher.BaseUrlVariable} is {uri}: the tracer forwards to it.");
        return uri;
    }

    private static void WarnIfDifferent(StartArguments args, ServeSettings wanted, HealthReport running, ToolOutput output)
    {
        if (args.Upstream is not null && !string.Equals(running.Upstream, wanted.Upstream.ToString(), StringComparison.Ordinal))
        {
            output.Warn($"the running tracer forwards to {running.Upstream}, not {wanted.Upstream}; run `cc-tracer stop` first to change it.");
        }

        if (args.LogDirectory is not null && !string.Equals(running.LogDirectory, wanted.LogDirectory, StringComparison.Ordinal))
        {
            output.Warn($"the running tracer logs to {running.LogDirectory}, not {wanted.LogDirectory}; run `cc-tracer stop` first to change it.");
        }
    }
}
