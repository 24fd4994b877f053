using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using CcTracer.Capture;
using CcTracer.Diagnostics;
using CcTracer.IO;
using CcTracer.Live;
using CcTracer.Storage;
using CcTracer.Turns;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// Forwards one <c>/v1/*</c> call to the upstream with YARP and records it: an
/// <c>api_request</c> when it arrives, an <c>api_response</c> when it ends however it ends.
/// Recording is strictly on the side — nothing it does can fail or slow the call.
/// </summary>
/// <remarks>
/// The path of one call (docs/architecture.md tells it with the log and the UI around it):
/// <list type="number">
/// <item>(0) <see cref="HandleAsync"/>: <see cref="IdleMemoryTrim"/> counts the call in flight.</item>
/// <item>(1) The whole request body is read (up to the body limit); the session comes from the header or the body.</item>
/// <item>(2) The proxy makes the <see cref="ResponseCapture"/> (Core/Capture) and the <see cref="ApiExchange"/>,
/// and appends the <c>api_request</c> record before upstream is even asked.</item>
/// <item>(3) The response body feature is swapped for a <see cref="TeeResponseStream"/>, which hands every forwarded write to the capture.</item>
/// <item>(4) YARP's <c>IHttpForwarder.SendAsync</c> sends the buffered body upstream; <see cref="ExchangeTransformer"/> fixes path, Host and Accept-Encoding.</item>
/// <item>(5) Upstream's headers arrive: the transformer hands them to the exchange, which starts the capture's low-priority reader.</item>
/// <item>(6) YARP copies the body: each write reaches the client first, then <see cref="ResponseCapture.Forwarded"/> appends it to the lock-free wire.</item>
/// <item>(7) Meanwhile capture's thread reads the wire behind the stream, decodes it and reassembles the turn.</item>
/// <item>(8) <c>SendAsync</c> returns: the outcome is classified, an error answered if nothing was sent, and the client's response completed.</item>
/// <item>(9) Only then <see cref="RecordResponseAsync"/>: capture drains, and the <c>api_response</c> record takes the
/// <see cref="CapturedBody"/> to the log writer, which writes and frees it.</item>
/// </list>
/// </remarks>
internal sealed partial class ApiProxy
{
    private const string SessionHeader = "X-Claude-Code-Session-Id";

    private readonly IHttpForwarder _forwarder;
    private readonly IdleMemoryTrim _trim;
    private readonly UpstreamClient _upstream;
    private readonly SessionLog _log;
    private readonly LiveFeed _live;
    private readonly CcTracerOptions _options;
    private readonly TraceStoreOptions _storeOptions;
    private readonly ILogger<ApiProxy> _logger;
    private readonly TracerTelemetry _telemetry;

    public ApiProxy(IHttpForwarder forwarder, UpstreamClient upstream, SessionLog log, LiveFeed live, IOptions<CcTracerOptions> options, IOptions<TraceStoreOptions> storeOptions, IdleMemoryTrim trim, TracerTelemetry telemetry, ILogger<ApiProxy> logger)
    {
        _telemetry = telemetry;
        _trim = trim;
        _forwarder = forwarder;
        _upstream = upstream;
        _log = log;
        _live = live;
        _options = options.Value;
        _storeOptions = storeOptions.Value;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        _trim.ExchangeStarted();
        _telemetry.ExchangeStarted();
        long captured = 0;
        try
        {
            captured = await ForwardAndRecordAsync(context).ConfigureAwait(false);
        }
        finally
        {
            _trim.ExchangeEnded(captured);
            _telemetry.ExchangeEnded();
            _telemetry.BytesCarried(captured, "response");
        }
    }

    /// <returns>The response bytes forwarded (and captured).</returns>
    private async Task<long> ForwardAndRecordAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var request = context.Request;

        // The whole body first: the api_request record needs it (and its session id) before
        // upstream answers, and forwarding from the buffer sends exactly the bytes received.
        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, _storeOptions.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            return 0;
        }

        var forwardPath = ForwardPath(context);
        var pathAndQuery = forwardPath.Value + request.QueryString.Value;
        var sessionId = SessionIds.Normalize(SessionIdOf(request, body));
        var exchangeId = ExchangeIds.New();
        ApiExchange? started = null;
        using var capture = new ResponseCapture(exchangeId, start, _options.CaptureQueueChunks, _storeOptions.MaxBodyBytes, _trim.CaptureChunks, ProgressTo(sessionId, exchangeId), (bytes, offset) => PersistPart(started!, bytes, offset));
        var exchange = started = new ApiExchange(exchangeId, sessionId, ApiKinds.FromPath(pathAndQuery), forwardPath, start, capture);
        using var activity = _telemetry.StartExchange(exchangeId, sessionId, forwardPath.Value!);
        _telemetry.BytesCarried(body.Length, "request");
        RecordRequest(exchange, request, pathAndQuery, body);

        request.Body = new MemoryStream(body, writable: false);
        var serverBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        var tee = new TeeResponseStream(serverBody.Stream, capture);
        context.Features.Set<IHttpResponseBodyFeature>(new CaptureResponseBodyFeature(tee, serverBody));
        ForwarderError error;
        try
        {
            error = await _forwarder.SendAsync(context, _upstream.DestinationPrefix, _upstream.Invoker, _upstream.RequestConfig, new ExchangeTransformer(exchange), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(serverBody);
        }

        var end = exchange.Elapsed();
        var failure = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        var outcome = Classify(error, failure, context.RequestAborted.IsCancellationRequested);
        ReadOnlyMemory<byte> errorBody = default;
        var endResponse = error == ForwarderError.None;
        if (outcome.ClientStatus is { } status && !context.Response.HasStarted)
        {
            endResponse = true;
            errorBody = AnthropicError(outcome.Message!);
            context.Response.Clear();
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = errorBody.Length;
            await WriteQuietlyAsync(context, errorBody).ConfigureAwait(false);
        }

        // End the client's response now; recording the exchange below must not delay it. Not
        // after a failure mid-body: YARP aborted the connection so the client sees the cut, and
        // a clean end here could make a truncated stream look complete.
        if (endResponse && !context.RequestAborted.IsCancellationRequested)
        {
            try
            {
                await serverBody.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
            {
                // The connection went away at the last moment: the record below says what arrived.
            }
        }

        await RecordResponseAsync(exchange, outcome, end, errorBody, context.Response.StatusCode).ConfigureAwait(false);
        _telemetry.CaptureLag(exchange.Elapsed() - end);
        activity?.SetTag("http.response.status_code", context.Response.StatusCode);
        return exchange.WireBytes;
    }

    // Progress is never stored, so it goes straight to the live feed, not through the log.
    private Action<CaptureProgress> ProgressTo(string sessionId, string exchangeId)
        => progress => LiveProgress.Publish(_live, sessionId, exchangeId, progress.Elapsed, progress.Events, progress.WireBytes, progress.OutputChars);

    private static PathString ForwardPath(HttpContext context)
    {
        // The route is "{prefix}/v1/{**path}": rebuild the part after the prefix from the
        // catch-all so a prefix never reaches the upstream.
        var rest = context.Request.RouteValues.TryGetValue("path", out var value) ? value as string : null;
        return new PathString(string.IsNullOrEmpty(rest) ? "/v1" : "/v1/" + rest);
    }

    private static string? SessionIdOf(HttpRequest request, byte[] body)
    {
        var header = request.Headers[SessionHeader].ToString();
        return !string.IsNullOrWhiteSpace(header) ? header : SessionIds.FromRequestBody(body);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        // Kestrel's 30 MB default would refuse large image/PDF turns the API itself accepts.
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        if (request.ContentLength is { } length && length <= limit)
        {
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    // Capture's thread hands over a streaming response's bytes as they come: a kill -9 then loses
    // only the last moments of it, and the api_response refers to the same chunks.
    // With body masking on (the default) only the first part is written, and without its bytes: a
    // secret the model streams comes split across deltas and is recognisable only once the turn is
    // whole, so bytes written earlier would put its pieces on disk in clear. The empty part still
    // marks the exchange as in flight, so after a kill -9 the turn is shown as interrupted.
    private void PersistPart(ApiExchange exchange, ReadOnlyMemory<byte> bytes, long offset)
    {
        if (_storeOptions.MaskSecretsInBodies)
        {
            if (offset != 0)
            {
                return;
            }

            bytes = ReadOnlyMemory<byte>.Empty;
        }

        _log.AppendPart(new ResponsePartRecord(exchange.SessionId, exchange.ExchangeId, offset, bytes, exchange.UpstreamStatus ?? 0, exchange.ContentEncoding));
    }

    private void RecordRequest(ApiExchange exchange, HttpRequest request, string pathAndQuery, byte[] body)
    {
        try
        {
            var headers = new List<KeyValuePair<string, string>>(request.Headers.Count);
            foreach (var (name, values) in request.Headers)
            {
                headers.Add(new(name, values.ToString()));
            }

            var (model, stream) = RequestBodyFields.Read(body);
            _log.Append(new ApiRequestRecord(exchange.SessionId, exchange.ExchangeId, request.Method, pathAndQuery, headers, body)
            {
                Model = model,
                Stream = stream,
            });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCaptureFailed(_logger, exchange.ExchangeId, ex);
            _log.Append(new NoticeRecord(exchange.SessionId, NoticeLevel.Warning, $"The request of exchange {exchange.ExchangeId} could not be recorded; it was forwarded normally.", ex.Message));
        }
    }

    private async Task RecordResponseAsync(ApiExchange exchange, ExchangeOutcome outcome, TimeSpan end, ReadOnlyMemory<byte> errorBody, int clientStatus)
    {
        try
        {
            // A capture that never started (no response headers, or it could not) kept nothing.
            var capture = exchange.Capture.Started ? exchange.Capture : null;
            if (capture is not null)
            {
                await capture.FinishAsync().ConfigureAwait(false);
            }

            var warnings = new List<string>();
            var captureFailure = exchange.CaptureSetupFailure ?? capture?.Failure;
            if (captureFailure is not null)
            {
                warnings.Add(captureFailure);
            }

            if (capture is not null)
            {
                warnings.AddRange(capture.Warnings);
            }

            var undecodable = capture?.UndecodableBody;
            var error = outcome.Message ?? captureFailure ?? undecodable;
            ApiTurn? turn = null;
            if (exchange.Kind == ApiKinds.Messages && exchange.UpstreamStatus is { } upstreamStatus && capture is not null)
            {
                if (capture.Assembler is { } assembler)
                {
                    turn = error is null ? assembler.Complete(end) : assembler.Fail(error, end);
                }
                else if (!exchange.Streamed && captureFailure is null && undecodable is null)
                {
                    turn = TurnAssembler.FromJsonResponse(capture.Body.Contiguous(), upstreamStatus, exchange.HeadersAt ?? end, end);
                }
            }

            var record = new ApiResponseRecord(exchange.SessionId, exchange.ExchangeId, exchange.UpstreamStatus ?? outcome.RecordStatus ?? clientStatus, exchange.UpstreamStatus is null ? [] : exchange.ResponseHeaders)
            {
                ContentEncoding = exchange.ContentEncoding,
                WireBytes = exchange.WireBytes,
                Streamed = exchange.Streamed,
                Body = capture is null ? errorBody : default,

                // The log writer serializes the record straight into the file, then frees the chunks.
                CapturedBody = capture?.TakeBody(),
                BodyTruncated = capture?.BodyTruncated ?? false,
                Turn = turn,

                // A turn carries its own error (the API's error event, a truncation); the record
                // adds what the turn cannot know: a capture fault, or how the connection ended.
                Error = turn is null ? error : captureFailure ?? undecodable,
                BodyUndecodable = undecodable is not null,
                TransportError = outcome.Message,
                Complete = error is null,
                TimeToFirstByte = exchange.HeadersAt,
                Total = end,
                CaptureWarnings = warnings,
            };
            _log.Append(record);
            if (captureFailure is not null)
            {
                _log.Append(new NoticeRecord(exchange.SessionId, NoticeLevel.Warning, $"Capture of exchange {exchange.ExchangeId} is incomplete; Claude Code received the full response.", captureFailure));
            }

            if (undecodable is not null)
            {
                _log.Append(new NoticeRecord(exchange.SessionId, NoticeLevel.Warning, $"The upstream sent exchange {exchange.ExchangeId}'s body as '{exchange.ContentEncoding}' but it does not decode; Claude Code received those same bytes, and the record keeps them as received.", undecodable));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCaptureFailed(_logger, exchange.ExchangeId, ex);
            _log.Append(new NoticeRecord(exchange.SessionId, NoticeLevel.Error, $"The response of exchange {exchange.ExchangeId} could not be recorded; Claude Code received it normally.", ex.Message));
        }
    }

    private ExchangeOutcome Classify(ForwarderError error, Exception? exception, bool clientAborted)
    {
        const string ClientGone = "client disconnected";
        switch (error)
        {
            case ForwarderError.None:
                return default;
            case ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient
                or ForwarderError.ResponseBodyClient:
                return new(null, ClientGone, StatusCodes.Status499ClientClosedRequest);
            case ForwarderError.ResponseBodyCanceled:
                return clientAborted
                    ? new(null, ClientGone, StatusCodes.Status499ClientClosedRequest)
                    : new(null, $"cc-tracer: the upstream {_upstream.Upstream} sent nothing for {_upstream.ResponseTimeout} mid-response (timeout)", null);
            case ForwarderError.RequestTimedOut:
                var connect = HasTimeout(exception);
                var waited = connect ? $"could not be connected to within {_upstream.ConnectTimeout}" : $"did not answer within {_upstream.ResponseTimeout}";
                return new(StatusCodes.Status504GatewayTimeout, $"cc-tracer: the upstream {_upstream.Upstream} {waited} (timeout)", StatusCodes.Status504GatewayTimeout);
            case ForwarderError.ResponseBodyDestination:
                return new(StatusCodes.Status502BadGateway, $"cc-tracer: the upstream {_upstream.Upstream} failed mid-response: {Describe(exception)}", StatusCodes.Status502BadGateway);
            default:
                if (clientAborted)
                {
                    return new(null, ClientGone, StatusCodes.Status499ClientClosedRequest);
                }

                return new(StatusCodes.Status502BadGateway, $"cc-tracer: could not reach the upstream {_upstream.Upstream}: {Describe(exception)}", StatusCodes.Status502BadGateway);
        }
    }

    private static bool HasTimeout(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException || e.Message.Contains("ConnectTimeout", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Exception? exception)
    {
        if (exception is null)
        {
            return "no detail";
        }

        // The innermost message names the socket error ("Connection refused (127.0.0.1:9)").
        var inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return ReferenceEquals(inner, exception) ? exception.Message : $"{exception.Message} ({inner.Message})";
    }

    private static byte[] AnthropicError(string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", "api_error");
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task WriteQuietlyAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        try
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client left; the failure is still recorded.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Capture of exchange {ExchangeId} failed; the call itself was forwarded normally")]
    private static partial void LogCaptureFailed(ILogger logger, string exchangeId, Exception exception);
}
