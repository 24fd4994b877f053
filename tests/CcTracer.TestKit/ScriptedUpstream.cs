using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CcTracer.TestKit;

/// <summary>
/// An Anthropic-like API on real Kestrel at <c>http://127.0.0.1:PORT</c>, answering from a
/// script. Each request is logged (<see cref="Requests"/>) and answered by the responder function
/// given to <see cref="StartAsync"/>, else by the next <see cref="Enqueue">queued</see> response,
/// else by a short default text turn. <c>HEAD /</c> (Claude Code's reachability probe) always gets
/// <c>200</c>.
/// </summary>
/// <example>
/// <code>
/// await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: ct);
/// upstream.Enqueue(ScriptedResponse.Stream(new SseScript().Text("Hello").Build()));
/// // point the code under test at upstream.BaseUri
/// </code>
/// </example>
public sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<ScriptedRequest, ScriptedResponse?>? _responder;
    private readonly ConcurrentQueue<ScriptedResponse> _queue = new();
    private readonly ConcurrentQueue<ScriptedRequest> _requests = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requestCount;

    private ScriptedUpstream(WebApplication app, Func<ScriptedRequest, ScriptedResponse?>? responder)
    {
        _app = app;
        _responder = responder;
    }

    /// <summary>The address to send requests to (no trailing slash path), e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Every request received so far, in arrival order (not including <c>HEAD /</c> probes).</summary>
    public IReadOnlyList<ScriptedRequest> Requests => [.. _requests];

    /// <summary>
    /// Starts the upstream on a free loopback port.
    /// </summary>
    /// <param name="responder">Answers a request; return <see langword="null"/> to fall back to the queue.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<ScriptedUpstream> StartAsync(Func<ScriptedRequest, ScriptedResponse?>? responder = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var upstream = new ScriptedUpstream(app, responder);
        app.Run(upstream.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return upstream;
    }

    /// <summary>Queues a response for a later request.</summary>
    public void Enqueue(ScriptedResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        _queue.Enqueue(response);
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived; returns the <paramref name="count"/>-th.</summary>
    public async Task<ScriptedRequest> WaitForRequestAsync(int count = 1, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var arrived = Volatile.Read(ref _arrived);
            var requests = Requests;
            if (requests.Count >= count)
            {
                return requests[count - 1];
            }

            await arrived.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (HttpMethods.IsHead(context.Request.Method) && context.Request.Path == "/")
        {
            context.Response.StatusCode = 200;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        var request = new ScriptedRequest(
            context.Request.Method,
            context.Request.Path.Value + context.Request.QueryString.Value,
            headers,
            body.ToArray(),
            context.RequestAborted);
        _requests.Enqueue(request);
        var number = Interlocked.Increment(ref _requestCount);
        Interlocked.Exchange(ref _arrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

        var response = _responder?.Invoke(request)
            ?? (_queue.TryDequeue(out var queued) ? queued : ScriptedResponse.Stream(new SseScript().Text("Scripted answer.").Build()));

        var recorder = new RecordingStream(context.Response.Body);
        try
        {
            await SendAsync(context, request, response, recorder, number);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionAbortedException)
        {
            request.WasAborted = true;
        }
        finally
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                request.WasAborted = true;
            }

            request.Complete(recorder.ToArray());
        }
    }

    private static async Task SendAsync(HttpContext context, ScriptedRequest request, ScriptedResponse response, RecordingStream recorder, int number)
    {
        var aborted = context.RequestAborted;
        if (response.NeverAnswer)
        {
            await Task.Delay(Timeout.Infinite, aborted);
            return;
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType ?? (response.Events is null ? "application/json" : "text/event-stream; charset=utf-8");
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        if (!context.Response.Headers.ContainsKey("request-id"))
        {
            context.Response.Headers["request-id"] = $"req_scripted_{number:D4}";
        }

        if (response.Gzip)
        {
            context.Response.Headers.ContentEncoding = "gzip";
        }

        if (response.Events is not null)
        {
            context.Response.Headers.CacheControl = "no-cache";
        }

        await context.Response.StartAsync(aborted);
        var output = response.Gzip ? new GZipStream(recorder, CompressionLevel.Fastest, leaveOpen: true) : (Stream)recorder;
        await using (output)
        {
            if (response.Events is null)
            {
                await output.WriteAsync(response.Body ?? [], aborted);
                return;
            }

            // One step past the last event, so a stream can also be cut right after all of them.
            for (var i = 0; i <= response.Events.Count; i++)
            {
                if (i == response.Events.Count && response.AbortAfterEvents != i)
                {
                    break;
                }

                if (i > 0 && response.Gate is { } gate)
                {
                    await gate.WaitAsync(aborted);
                }

                // After the gate, so a test can read the events sent so far before the reset
                // (a reset discards whatever the peer had not read yet).
                if (response.AbortAfterEvents == i)
                {
                    context.Abort();
                    request.WasAborted = true;
                    return;
                }

                var e = response.Events[i];
                if (e.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(e.Delay, aborted);
                }

                await output.WriteAsync(e.ToWireBytes(), aborted);
                await output.FlushAsync(aborted);
                request.CountEvent();
            }
        }
    }
}
