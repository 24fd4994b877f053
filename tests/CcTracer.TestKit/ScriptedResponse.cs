using System.Text;

namespace CcTracer.TestKit;

/// <summary>
/// What a <see cref="ScriptedUpstream"/> answers to one request: a JSON (or any) body, or a
/// stream of server-sent events, optionally gzip-encoded, paced, cut short, or never sent.
/// </summary>
public sealed class ScriptedResponse
{
    /// <summary>The HTTP status (default 200).</summary>
    public int Status { get; init; } = 200;

    /// <summary>Extra response headers (e.g. <c>anthropic-ratelimit-*</c>). A <c>request-id</c> is added when absent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The <c>Content-Type</c>; defaults to <c>text/event-stream</c> for events, <c>application/json</c> otherwise.</summary>
    public string? ContentType { get; init; }

    /// <summary>A whole body to send (ignored when <see cref="Events"/> is set).</summary>
    public byte[]? Body { get; init; }

    /// <summary>Server-sent events to stream, flushed one by one.</summary>
    public IReadOnlyList<ScriptedEvent>? Events { get; init; }

    /// <summary>When set, every event after the first waits for one release of this gate.</summary>
    public StepGate? Gate { get; init; }

    /// <summary>Send the body gzip-encoded (<c>Content-Encoding: gzip</c>), flushing the compressor after each event.</summary>
    public bool Gzip { get; init; }

    /// <summary>Abort the connection after this many events were sent (an upstream failing mid-stream); with a <see cref="Gate"/>, after the next release.</summary>
    public int? AbortAfterEvents { get; init; }

    /// <summary>Never send anything: hold the request until the client gives up.</summary>
    public bool NeverAnswer { get; init; }

    /// <summary>A JSON response.</summary>
    public static ScriptedResponse Json(int status, string json) => new() { Status = status, Body = Encoding.UTF8.GetBytes(json) };

    /// <summary>A streamed Messages turn.</summary>
    public static ScriptedResponse Stream(IReadOnlyList<ScriptedEvent> events, bool gzip = false, StepGate? gate = null)
        => new() { Events = events, Gzip = gzip, Gate = gate };

    /// <summary>The API's overloaded answer: <c>529</c> with an <c>overloaded_error</c> JSON body.</summary>
    public static ScriptedResponse Overloaded()
        => Json(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_scripted_overloaded"}""");

    /// <summary>A response that never comes.</summary>
    public static ScriptedResponse Silent() => new() { NeverAnswer = true };
}
