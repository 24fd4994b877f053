using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using CcTracer.Tool.Lifecycle;
using CcTracer.Tool.Server;
using Microsoft.Extensions.Hosting;

namespace CcTracer.Tool.Cli;

/// <summary>The <c>cc-tracer</c> command line: <c>start</c>, <c>stop</c>, <c>status</c>, <c>serve</c>, <c>replay</c>.</summary>
internal static class TracerCommandLine
{
    public const int DefaultPort = 7355;

    public static async Task<int> RunAsync(string[] args, ToolOutput output, CancellationToken cancellationToken)
    {
        var root = Build(output);
        var parsed = root.Parse(args);
        var errors = parsed.Errors.Select(e => e.Message).ToList();
        if (parsed.CommandResult.Command.Name == "start"
            && parsed.CommandResult.Command.Arguments.Any(a => parsed.GetValue<string[]>(a.Name) is { Length: > 0 })
            && !parsed.Tokens.Any(t => t.Type == TokenType.DoubleDash))
        {
            // Without "--" a mistyped option of ours would silently become one of claude's.
            errors.Add("put claude's arguments after --, e.g. cc-tracer start -- -p \"hello\".");
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                output.Fail(error);
            }

            output.Error.WriteLine("Run 'cc-tracer --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = output.Out,
                    Error = output.Error,
                    EnableDefaultExceptionHandler = false,
                    // The tool handles signals itself: claude gets Ctrl+C, serve's host flushes on it.
                    ProcessTerminationTimeout = null,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not HostAbortedException and not OperationCanceledException)
        {
            // HostAbortedException is how WebApplicationFactory takes the host it built; let it through.
            output.Fail(ex.Message);
            return ExitCodes.Failure;
        }
    }

    internal static RootCommand Build(ToolOutput output)
    {
        var root = new RootCommand(
            "cc-tracer: a local inspector for Claude Code sessions. Hooks plus a streaming API proxy write every "
            + "event and API turn to a JSONL log per session, browsable in a live timeline UI.\n" + ExitCodes.HelpText);
        root.Subcommands.Add(BuildStart(output));
        root.Subcommands.Add(BuildStop(output));
        root.Subcommands.Add(BuildStatus(output));
        root.Subcommands.Add(BuildServe(output));
        root.Subcommands.Add(CcTracer.Tool.Commands.ReplayCommand.Create());
        return root;
    }

    private static Command BuildStart(ToolOutput output)
    {
        var settings = SettingsOption("Claude Code settings file to add the tracer's hooks to (default: ./.claude/settings.json).");
        var logDir = LogDirOption();
        var port = PortOption();
        var upstream = UpstreamOption("Where the tracer forwards /v1 (default: your ANTHROPIC_BASE_URL if set, else https://api.anthropic.com).");
        var serverOnly = new Option<bool>("--server-only") { Description = "Start the server and install the hooks, but do not run claude." };
        var noFirstParty = new Option<bool>("--no-first-party-mode")
        {
            Description = "Do not set _CLAUDE_CODE_ASSUME_FIRST_PARTY_BASE_URL=1 for claude. Without it claude sends a proxy-shaped request (all tools inline) instead of what it sends untraced.",
        };
        var bind = BindOption();
        var allowHost = AllowHostOption();
        var claudeArgs = new Argument<string[]>("claude-args")
        {
            Description = "Arguments for claude, after --: cc-tracer start -- -p \"run echo hi\" --allowedTools Bash",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("start", "Start (or reuse) the tracer on the port, install its hooks, then run claude through it. The server keeps running after claude exits.")
        {
            settings, logDir, port, upstream, serverOnly, noFirstParty, bind, allowHost, claudeArgs,
        };
        command.SetAction((r, ct) => StartCommand.RunAsync(
            new StartArguments(
                r.GetValue(settings),
                r.GetValue(logDir),
                r.GetValue(port),
                ParseUpstream(r.GetValue(upstream)),
                r.GetValue(serverOnly),
                !r.GetValue(noFirstParty),
                ParseBind(r.GetValue(bind)),
                r.GetValue(allowHost) ?? [],
                r.GetValue(claudeArgs) ?? []),
            TracerHome.FromEnvironment(),
            output,
            ct));
        return command;
    }

    private static Command BuildStop(ToolOutput output)
    {
        var settings = SettingsOption("Settings file to remove the tracer's hooks from (default: every file start installed them in, and ./.claude/settings.json).");
        var port = PortOption();
        var command = new Command("stop", "Stop the tracer gracefully (every pending record is written) and remove only its own hooks. Not an error when none runs.") { settings, port };
        command.SetAction((r, ct) => StopCommand.RunAsync(r.GetValue(port), r.GetValue(settings), TracerHome.FromEnvironment(), output, ct));
        return command;
    }

    private static Command BuildStatus(ToolOutput output)
    {
        var port = PortOption();
        var command = new Command("status", "Show whether a tracer runs on the port, its pid, log directory, sessions captured and where its hooks are installed. Exit code 1 when none runs.") { port };
        command.SetAction((r, ct) => StatusCommand.RunAsync(r.GetValue(port), TracerHome.FromEnvironment(), output, ct));
        return command;
    }

    private static Command BuildServe(ToolOutput output)
    {
        var port = PortOption();
        var logDir = LogDirOption();
        var upstream = UpstreamOption("Where the tracer forwards /v1 (default: https://api.anthropic.com).");
        var bind = BindOption();
        var allowHost = AllowHostOption();
        var command = new Command("serve", "Run the tracer server in the foreground (what start runs detached). Ctrl+C or SIGTERM write every pending record before exit.")
        {
            port, logDir, upstream, bind, allowHost,
        };
        command.SetAction((r, ct) => ServeCommand.RunAsync(
            new ServeSettings(
                r.GetValue(port),
                ParseBind(r.GetValue(bind)),
                Path.GetFullPath(r.GetValue(logDir) ?? CcTracer.Storage.TraceStoreOptions.DefaultLogDirectory()),
                ParseUpstream(r.GetValue(upstream)) ?? CcTracer.AspNetCore.CcTracerOptions.AnthropicApi,
                r.GetValue(allowHost) ?? []),
            TracerHome.FromEnvironment(),
            output,
            ct));
        return command;
    }

    private static Option<string> SettingsOption(string description) => new("--settings") { Description = description, HelpName = "PATH" };

    private static Option<string> LogDirOption() => new("--log-dir")
    {
        Description = "Where session logs go (default: $TRACER_LOG_DIR, else ~/.cc-tracer/logs).",
        HelpName = "DIR",
    };

    private static Option<int> PortOption()
    {
        return new Option<int>("--port")
        {
            Description = $"The tracer's port (default {DefaultPort}).",
            DefaultValueFactory = _ => DefaultPort,
            HelpName = "N",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
                if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
                {
                    return port;
                }

                result.AddError($"--port must be between 1 and 65535 (got '{text}').");
                return 0;
            },
        };
    }

    private static Option<string> UpstreamOption(string description)
    {
        var option = new Option<string>("--upstream") { Description = description, HelpName = "URL" };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && ParseUpstream(value) is null)
            {
                result.AddError($"--upstream must be an absolute http(s) URL (got '{value}').");
            }
        });
        return option;
    }

    private static Option<string> BindOption()
    {
        var option = new Option<string>("--bind")
        {
            Description = "The address to listen on (default 127.0.0.1). Anything but loopback exposes the tracer and prints a warning.",
            HelpName = "ADDRESS",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!TryParseBind(value, out _))
            {
                result.AddError($"--bind must be an IP address, e.g. 127.0.0.1 or 0.0.0.0 (got '{value}').");
            }
        });
        return option;
    }

    private static Option<string[]> AllowHostOption() => new("--allow-host")
    {
        Description = "Also answer requests whose Host is NAME (repeatable); by default only loopback names are answered.",
        HelpName = "NAME",
    };

    private static Uri? ParseUpstream(string? value)
        => value is not null && Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    private static IPAddress ParseBind(string? value) => TryParseBind(value, out var address) ? address : IPAddress.Loopback;

    private static bool TryParseBind(string? value, out IPAddress address)
    {
        if (string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }

        return IPAddress.TryParse(value, out address!);
    }
}
