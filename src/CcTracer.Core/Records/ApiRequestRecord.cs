using System.Buffers;
using System.Text.Json;
using CcTracer.Secrets;

namespace CcTracer.Storage;

/// <summary>A <c>/v1/*</c> request as it reached the proxy, written before upstream answers.</summary>
public sealed class ApiRequestRecord : TraceRecord
{
    /// <summary>Creates the record. Headers are redacted when written, whatever the caller passes.</summary>
    public ApiRequestRecord(
        string? sessionId,
        string exchangeId,
        string method,
        string pathAndQuery,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body,
        bool bodyTruncated = false)
        : base(RecordTypes.ApiRequest, sessionId)
    {
        ExchangeId = exchangeId;
        Method = method;
        PathAndQuery = pathAndQuery;
        Headers = headers;
        Body = body;
        BodyTruncated = bodyTruncated;
        Kind = ApiKinds.FromPath(pathAndQuery);
    }

    /// <summary>Shared with the matching <c>api_response</c> record.</summary>
    public string ExchangeId { get; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path with its query string, e.g. <c>/v1/messages?beta=true</c>.</summary>
    public string PathAndQuery { get; private set; }

    /// <summary><c>messages</c>, <c>count_tokens</c> or <c>other</c>.</summary>
    public string Kind { get; }

    /// <summary>Request headers as received.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private set; }

    /// <summary>The request body as received.</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    /// <summary>Whether <see cref="Body"/> was cut at the capture limit.</summary>
    public bool BodyTruncated { get; }

    /// <summary>The <c>model</c> field of the body, if any (for filtering without parsing bodies).</summary>
    public string? Model { get; init; }

    /// <summary>The <c>stream</c> field of the body, if any.</summary>
    public bool? Stream { get; init; }

    /// <inheritdoc />
    private protected override void MaskSecrets(SecretMasker masker, MaskReport report)
    {
        // New values, never the caller's: the proxy forwards its own copy of the body.
        Headers = MaskedHeaders.Of(Headers, masker, report);
        PathAndQuery = masker.MaskPathAndQuery(PathAndQuery, report);
        if (masker.MaskBodies && masker.MaskBytes(new ReadOnlySequence<byte>(Body), "body", report) is { } masked)
        {
            Body = masked;
            report.BodyMasked = true;
        }
    }

    /// <inheritdoc />
    protected internal override void WriteFields(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("exchange_id", ExchangeId);
        writer.WriteString("method", Method);
        writer.WriteString("path", PathAndQuery);
        writer.WriteString("kind", Kind);
        if (Model is not null)
        {
            writer.WriteString("model", Model);
        }

        if (Stream is { } stream)
        {
            writer.WriteBoolean("stream", stream);
        }

        HeaderJson.Write(writer, "headers", Headers, Masking is not null);
        if (StoredBody is { } stored)
        {
            BodyJson.WriteChunks(writer, stored, BodyTruncated);
        }
        else
        {
            BodyJson.Write(writer, Body.Span, BodyTruncated);
        }
    }

    /// <inheritdoc />
    internal override ReadOnlySequence<byte>? BodyToStore => new ReadOnlySequence<byte>(Body);

    /// <inheritdoc />
    // The writer cuts the body into chunks on its own (low-priority) thread, not the proxy's.
    internal override bool SerializesOnWriter => true;
}
