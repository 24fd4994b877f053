using System.Text;

namespace CcTracer.TestKit;

/// <summary>A request as the <see cref="ScriptedUpstream"/> received it, and what it sent back.</summary>
public sealed class ScriptedRequest
{
    private readonly TaskCompletionSource<byte[]> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _eventsSent;

    internal ScriptedRequest(string method, string pathAndQuery, IReadOnlyDictionary<string, string> headers, byte[] body, CancellationToken aborted)
    {
        Method = method;
        PathAndQuery = pathAndQuery;
        Headers = headers;
        Body = body;
        Aborted = aborted;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path with its query string, e.g. <c>/v1/messages?beta=true</c>.</summary>
    public string PathAndQuery { get; }

    /// <summary>Headers by name (case-insensitive); repeated headers are joined with <c>", "</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The exact request body bytes.</summary>
    public byte[] Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>Fires when the client aborted the request (the server's <c>RequestAborted</c>).</summary>
    public CancellationToken Aborted { get; }

    /// <summary>Events of a streamed response sent (and flushed) so far.</summary>
    public int EventsSent => Volatile.Read(ref _eventsSent);

    /// <summary>Whether the response ended because the client went away.</summary>
    public bool WasAborted { get; internal set; }

    /// <summary>Completes with the exact response body bytes sent (encoded) once the response ended, however it ended.</summary>
    public Task<byte[]> ResponseSent => _completed.Task;

    /// <summary>A header value, or <see langword="null"/>.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    internal void CountEvent() => Interlocked.Increment(ref _eventsSent);

    internal void Complete(byte[] sent) => _completed.TrySetResult(sent);
}
