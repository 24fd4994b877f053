using System.Diagnostics;
using System.Net.Http.Headers;
using CcTracer.Capture;
using CcTracer.Storage;
using Microsoft.AspNetCore.Http;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// The state of one proxied <c>/v1/*</c> call, shared by the handler and the transformer (which
/// sees upstream's response headers). The capture is the proxy's: it is made with the exchange
/// and only started here, once the headers say how to read the body.
/// </summary>
internal sealed class ApiExchange
{
    public ApiExchange(string exchangeId, string sessionId, string kind, PathString forwardPath, long startTimestamp, ResponseCapture capture)
    {
        ExchangeId = exchangeId;
        SessionId = sessionId;
        Kind = kind;
        ForwardPath = forwardPath;
        StartTimestamp = startTimestamp;
        Capture = capture;
    }

    public string ExchangeId { get; }

    public string SessionId { get; }

    public string Kind { get; }

    /// <summary>The path sent upstream: the <c>/v1/...</c> part, without any MapCcTracer prefix.</summary>
    public PathString ForwardPath { get; }

    public long StartTimestamp { get; }

    /// <summary>Upstream's status, once its response headers arrived.</summary>
    public int? UpstreamStatus { get; private set; }

    /// <summary>Upstream's response and content headers, as received.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; private set; } = [];

    public string? ContentEncoding { get; private set; }

    /// <summary>Whether upstream answered <c>text/event-stream</c>.</summary>
    public bool Streamed { get; private set; }

    /// <summary>When upstream's response headers arrived, since the request started.</summary>
    public TimeSpan? HeadersAt { get; private set; }

    /// <summary>The capture of the response body; it keeps nothing until started when headers arrived.</summary>
    public ResponseCapture Capture { get; }

    /// <summary>Why capture could not even start, if it could not.</summary>
    public string? CaptureSetupFailure { get; private set; }

    /// <summary>Bytes forwarded to the client, as upstream encoded them.</summary>
    public long WireBytes => Capture.ForwardedBytes;

    public TimeSpan Elapsed() => Stopwatch.GetElapsedTime(StartTimestamp);

    /// <summary>Upstream's response headers arrived: remember them and start capturing the body.</summary>
    public void OnResponseHeaders(HttpResponseMessage response)
    {
        HeadersAt = Elapsed();
        UpstreamStatus = (int)response.StatusCode;
        var headers = new List<KeyValuePair<string, string>>();
        AddHeaders(headers, response.Headers.NonValidated);
        AddHeaders(headers, response.Content.Headers.NonValidated);
        ResponseHeaders = headers;

        ContentEncoding = Find(headers, "Content-Encoding");
        var contentType = Find(headers, "Content-Type");
        Streamed = contentType is not null && contentType.TrimStart().StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);

        try
        {
            Capture.Start(ContentEncoding, assembleTurn: Streamed && Kind == ApiKinds.Messages);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            CaptureSetupFailure = $"capture could not start: {ex.Message}";
        }
    }

    private static void AddHeaders(List<KeyValuePair<string, string>> into, HttpHeadersNonValidated headers)
    {
        foreach (var (name, values) in headers)
        {
            into.Add(new(name, values.Count == 1 ? values.ToString() : string.Join(", ", values)));
        }
    }

    private static string? Find(List<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var (key, value) in headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
