using System.CommandLine;
using System.CommandLine.Invocation;
using CcTracer.AspNetCore;
using CcTracer.Storage;
using CcTracer.Tool.Lifecycle;
using CcTracer.Tool.Server;
using Microsoft.Extensions.Hosting;

namespace CcTracer.Tool.Cli;

/// <summary>The <c>cc-tracer</c> command line: <c>start</c>, <c>stop</c>, <c>status</c>, <c>serve</c>, <c>replay</c>, <c>export</c>.</summary>
internal static class TracerCommandLine
{
    public const int DefaultPort = 7355;

    private const string DoubleDash = "--";

    public static async Task<int> RunAsync(string[] args, ToolOutput output, CancellationToken cancellationToken)
    {
        var (ours, claude) = SplitClaudeArguments(args);
        var parsed = Build(output, claude).Parse(ours);
        var configuration = new InvocationConfiguration
        {
            Output = output.Out,
            Error = output.Error,
            EnableDefaultExceptionHandler = false,
            // The tool handles signals itself: claude gets Ctrl+C, serve's host flushes on it.
            ProcessTerminationTimeout = null,
        };
        if (parsed.Errors.Count > 0)
        {
            // The library's own report: each error, and "did you mean" for a mistyped command or option.
            if (parsed.Action is ParseErrorAction report)
            {
                report.ShowHelp = false;
            }

            await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            if (parsed.CommandResult.Command.Name == "start" && parsed.UnmatchedTokens.Count > 0)
            {
                // Without "--" a mistyped option of ours would silently become one of claude's, so it is an error.
                output.Info("claude's arguments go after --, e.g. cc-tracer start -- -p \"hello\".");
            }

            output.Error.WriteLine("Run 'cc-tracer --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not HostAbortedException and not OperationCanceledException)
        {
            // HostAbortedException is how WebApplicationFactory takes the host it built; let it through.
            output.Fail(ex.Message);
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// <c>start ... -- claude args</c>: what follows the first <c>--</c> is claude's, verbatim, and
    /// never parsed as ours. Other commands take no such tail: they get every argument.
    /// </summary>
    internal static (string[] Ours, string[] Claude) SplitClaudeArguments(string[] args)
    {
        var dash = Array.IndexOf(args, DoubleDash);
        return dash > 0 && args[0] == "start"
            ? (args[..dash], args[(dash + 1)..])
            : (args, []);
    }

    internal static RootCommand Build(ToolOutput output, IReadOnlyList<string> claudeArguments)
    {
        var root = new RootCommand(
            "cc-tracer: a local inspector for Claude Code sessions. Hooks plus a streaming API proxy write every "
            + "event and API turn to a JSONL log per session, browsable in a live timeline UI.\n" + ExitCodes.HelpText);
        root.Subcommands.Add(BuildStart(output, claudeArguments));
        root.Subcommands.Add(BuildStop(output));
        root.Subcommands.Add(BuildStatus(output));
        root.Subcommands.Add(BuildServe(output));
        root.Subcommands.Add(ReplayCommand.Create(output));
        root.Subcommands.Add(BodyCommand.Create(output));
        root.Subcommands.Add(SessionsCommand.Create(output));
        root.Subcommands.Add(ExportCommand.Create(output));
        return root;
    }

    private static Command BuildStart(ToolOutput output, IReadOnlyList<string> claudeArguments)
    {
        var settings = ToolOptions.Settings("Claude Code settings file to add the tracer's hooks to (default: ./.claude/settings.json).");
        var logDir = ToolOptions.LogDirectory();
        var port = ToolOptions.Port();
        var upstream = ToolOptions.Upstream("Where the tracer forwards /v1 (default: your ANTHROPIC_BASE_URL if set, else https://api.anthropic.com).");
        var serverOnly = new Option<bool>("--server-only") { Description = "Start the server and install the hooks, but do not run claude." };
        var noFirstParty = new Option<bool>("--no-first-party-mode")
        {
            Description = "Do not set _CLAUDE_CODE_ASSUME_FIRST_PARTY_BASE_URL=1 for claude. Without it claude sends a proxy-shaped request (all tools inline) instead of what it sends untraced.",
        };
        var bind = ToolOptions.Bind();
        var allowHost = ToolOptions.AllowHost();
        var noBodyMasking = ToolOptions.NoBodyMasking();
        var pricing = ToolOptions.Pricing();
        var otlp = OtlpCommandOptions.Live();
        var command = new Command(
            "start",
            "Start (or reuse) the tracer on the port, install its hooks, then run claude through it. The server keeps running after claude exits. "
            + "Claude's arguments follow --: cc-tracer start -- -p \"run echo hi\" --allowedTools Bash")
        {
            settings, logDir, port, upstream, serverOnly, noFirstParty, bind, allowHost, noBodyMasking, pricing,
        };
        otlp.AddTo(command);
        command.SetAction((r, ct) => StartCommand.RunAsync(
            new StartArguments(
                r.GetValue(settings),
                r.GetValue(logDir),
                r.GetValue(port),
                UpstreamUrl.Parse(r.GetValue(upstream)),
                r.GetValue(serverOnly),
                !r.GetValue(noFirstParty),
                ToolOptions.ParseBind(r.GetValue(bind)),
                r.GetValue(allowHost) ?? [],
                claudeArguments,
                !r.GetValue(noBodyMasking))
            {
                PricingFile = r.GetValue(pricing),
                Otlp = otlp.Read(r),
            },
            TracerHome.FromEnvironment(),
            output,
            ct));
        return command;
    }

    private static Command BuildStop(ToolOutput output)
    {
        var settings = ToolOptions.Settings("Settings file to remove the tracer's hooks from (default: every file start installed them in, and ./.claude/settings.json).");
        var port = ToolOptions.Port();
        var timeout = ToolOptions.StopTimeout();
        var command = new Command(
            "stop",
            "Stop the tracer gracefully (every pending record is written) and remove only its own hooks. Not an error when none runs. "
            + "If it is still running after the timeout, the hooks are removed anyway and the exit code is 1.")
        {
            settings, port, timeout,
        };
        command.SetAction((r, ct) => StopCommand.RunAsync(r.GetValue(port), r.GetValue(settings), TimeSpan.FromSeconds(r.GetValue(timeout)), TracerHome.FromEnvironment(), output, ct));
        return command;
    }

    private static Command BuildStatus(ToolOutput output)
    {
        var port = ToolOptions.Port();
        var command = new Command("status", "Show whether a tracer runs on the port, its pid, log directory, sessions captured, records dropped or not written, and where its hooks are installed. Exit code 1 when none runs.") { port };
        command.SetAction((r, ct) => StatusCommand.RunAsync(r.GetValue(port), TracerHome.FromEnvironment(), output, ct));
        return command;
    }

    private static Command BuildServe(ToolOutput output)
    {
        var port = ToolOptions.Port();
        var logDir = ToolOptions.LogDirectory();
        var upstream = ToolOptions.Upstream("Where the tracer forwards /v1 (default: https://api.anthropic.com).");
        var bind = ToolOptions.Bind();
        var allowHost = ToolOptions.AllowHost();
        var noBodyMasking = ToolOptions.NoBodyMasking();
        var pricing = ToolOptions.Pricing();
        var otlp = OtlpCommandOptions.Live();
        var command = new Command("serve", "Run the tracer server in the foreground (what start runs detached). Ctrl+C or SIGTERM write every pending record before exit.")
        {
            port, logDir, upstream, bind, allowHost, noBodyMasking, pricing,
        };
        otlp.AddTo(command);
        command.SetAction((r, ct) => ServeCommand.RunAsync(
            new ServeSettings(
                r.GetValue(port),
                ToolOptions.ParseBind(r.GetValue(bind)),
                Path.GetFullPath(r.GetValue(logDir) ?? TraceStoreOptions.DefaultLogDirectory()),
                UpstreamUrl.Parse(r.GetValue(upstream)) ?? CcTracerOptions.AnthropicApi,
                r.GetValue(allowHost) ?? [],
                !r.GetValue(noBodyMasking))
            {
                PricingFile = r.GetValue(pricing) is { } file ? Path.GetFullPath(file) : null,
                Otlp = otlp.Read(r),
            },
            TracerHome.FromEnvironment(),
            output,
            ct));
        return command;
    }
}
