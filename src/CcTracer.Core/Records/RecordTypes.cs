namespace CcTracer.Storage;

/// <summary>The record types of schema v2 (docs/record-schema.md). Readers keep any other type.</summary>
internal static class RecordTypes
{
    /// <summary>A Claude Code hook event, kept byte-for-byte.</summary>
    public const string Hook = "hook";

    /// <summary>A POST to the hook sink that was not a JSON object; kept raw.</summary>
    public const string HookRejected = "hook_rejected";

    /// <summary>A <c>/v1/*</c> request as it reached the proxy.</summary>
    public const string ApiRequest = "api_request";

    /// <summary>The end of a <c>/v1/*</c> exchange: response, reassembled message, timings.</summary>
    public const string ApiResponse = "api_response";

    /// <summary>The tracer telling its user something (a capture failure, dropped records).</summary>
    public const string Notice = "notice";

    /// <summary>
    /// Not a record (no <c>seq</c>): the wire bytes of a response still streaming, written as they
    /// come so a tracer killed mid-stream loses almost nothing; closed by the exchange's <c>api_response</c>.
    /// </summary>
    public const string ResponsePart = "response_part";

    /// <summary>The schema version written in every record's <c>v</c> field.</summary>
    public const int SchemaVersion = 2;
}
