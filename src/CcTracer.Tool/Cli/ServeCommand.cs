using System.Net;
using CcTracer.AspNetCore;
using CcTracer.Storage;
using CcTracer.Tool.Lifecycle;
using CcTracer.Tool.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CcTracer.Tool.Cli;

/// <summary><c>cc-tracer serve</c>: the server in the foreground; what <c>start</c> runs detached.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(ServeSettings settings, TracerHome home, ToolOutput output, CancellationToken cancellationToken)
    {
        WarnIfExposed(settings, output);
        var token = ShutdownEndpoint.NewToken();
        var app = TracerServer.Build(settings, token);
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                output.Fail($"cannot listen on {settings.Bind}:{settings.Port}: {ex.Message}");
                return ExitCodes.PortHeldByOther;
            }

            var identity = app.Services.GetRequiredService<TracerIdentity>();
            var log = app.Services.GetRequiredService<SessionLog>();
            var state = new ServerState(Environment.ProcessId, settings.Port, settings.Bind.ToString(), log.LogDirectory, identity.Version, settings.Upstream.ToString(), identity.StartedAt, token);
            home.EnsureStateDirectory();
            var stateFile = home.StateFile(settings.Port);
            StateFiles.Write(stateFile, state, ToolJsonContext.Default.ServerState);
            output.Info($"cc-tracer {identity.Version} listening on {Listening(settings)} (pid {Environment.ProcessId}); logging to {log.LogDirectory}; forwarding /v1 to {settings.Upstream}.");
            try
            {
                // Ctrl+C and SIGTERM stop the host, whose stop writes every pending record.
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (StateFiles.Read(stateFile, ToolJsonContext.Default.ServerState)?.Pid == Environment.ProcessId)
                {
                    StateFiles.Delete(stateFile);
                }
            }

            output.Info($"stopped; every record is written to {log.LogDirectory}.");
            return ExitCodes.Success;
        }
    }

    /// <summary>The address bound, as asked (0.0.0.0 is not 127.0.0.1), and where a browser on this machine opens the UI when that differs.</summary>
    internal static string Listening(ServeSettings settings)
    {
        var address = HealthProbe.BaseUri(settings.ClientHost, settings.Port);
        var bound = HealthProbe.BaseUri(settings.Bind.ToString(), settings.Port);
        return bound == address ? address.ToString() : $"{bound} (UI: {address})";
    }

    internal static void WarnIfExposed(ServeSettings settings, ToolOutput output)
    {
        if (!IPAddress.IsLoopback(settings.Bind))
        {
            output.Warn($"binding {settings.Bind}: other machines can reach the tracer, which holds prompts, code and API traffic. Requests must still name a loopback host or one given with --allow-host.");
        }
    }
}
