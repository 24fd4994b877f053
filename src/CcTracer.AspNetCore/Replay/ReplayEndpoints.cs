using System.Text.Json;
using CcTracer.Replay;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CcTracer.AspNetCore.Replay;

/// <summary>Answers <c>/v1/*</c> from a <see cref="ReplayScript"/>, framing and pacing bodies as recorded.</summary>
internal static partial class ReplayEndpoints
{
    public static async Task HandleAsync(HttpContext context, ReplayScript script, ILogger logger)
    {
        var request = context.Request;
        var pathAndQuery = request.Path.Value + request.QueryString.Value;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);

        RecordedTurn turn;
        try
        {
            (turn, var deviation) = script.Answer(request.Method, pathAndQuery, body.GetBuffer().AsSpan(0, (int)body.Length));
            if (deviation is not null)
            {
                LogDeviation(logger, deviation.ToString());
            }
        }
        catch (ReplayMismatchException e)
        {
            // 400, shaped like an API error: clients print it and do not retry, so the run ends with the reason.
            LogMismatch(logger, e.Message);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/json";
            var error = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["type"] = "error",
                ["error"] = new Dictionary<string, string> { ["type"] = "invalid_request_error", ["message"] = "cc-tracer replay: " + e.Message },
            });
            await context.Response.Body.WriteAsync(error, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        LogServed(logger, turn.Index, request.Method, pathAndQuery, turn.Status ?? 0);
        var plan = ReplayResponsePlan.For(turn, script.Options.TimingScale);
        var response = context.Response;
        response.StatusCode = plan.Status;
        response.ContentType = plan.ContentType;
        foreach (var (name, value) in plan.Headers)
        {
            response.Headers.Append(name, value);
        }

        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);

        // A paced stream can run for minutes; a stopping host ends it rather than wait for the rest.
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var paced = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            for (var i = 0; i < plan.Chunks.Count; i++)
            {
                if (plan.Delays[i] > TimeSpan.Zero)
                {
                    await Task.Delay(plan.Delays[i], paced.Token).ConfigureAwait(false);
                }

                await response.Body.WriteAsync(plan.Chunks[i], context.RequestAborted).ConfigureAwait(false);
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // Ended by the stop: the response closes normally with what was sent so far.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed exchange #{Index} for {Method} {Path} ({Status})")]
    private static partial void LogServed(ILogger logger, int index, string method, string path, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay answered a different request (lenient): {Deviation}")]
    private static partial void LogDeviation(ILogger logger, string deviation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay mismatch: {Reason}")]
    private static partial void LogMismatch(ILogger logger, string reason);
}
