using System.Diagnostics;
using System.Text.Json;
using CcTracer.OpenTelemetry.GenAi;

namespace CcTracer.OpenTelemetry.Mapping;

/// <summary>What a chat span takes from its <c>api_response</c> record.</summary>
internal static class ChatSpanTags
{
    /// <summary>The response's attributes; its error (as <c>error.type</c> and a description), if any.</summary>
    public static (string? ErrorType, string? ErrorMessage) AddResponse(Activity span, JsonElement response, bool includeContent)
    {
        var status = RecordJson.Long(response, "status");
        if (status is { } code)
        {
            span.SetTag(GenAiNames.HttpStatusCode, code);
        }

        var message = RecordJson.Object(response, "message");
        Set(span, GenAiNames.ResponseId, RecordJson.String(message, "id"));
        Set(span, GenAiNames.ResponseModel, RecordJson.String(message, "model"));
        if (RecordJson.String(message, "stop_reason") is { } stop)
        {
            span.SetTag(GenAiNames.ResponseFinishReasons, new[] { stop });
        }

        AddUsage(span, RecordJson.Object(response, "usage") is { ValueKind: JsonValueKind.Object } usage ? usage : RecordJson.Object(message, "usage"));
        var timings = RecordJson.Object(response, "timings");
        if (RecordJson.Bool(response, "streamed") == true && RecordJson.Double(timings, "ttfb_ms") is { } ttfb)
        {
            span.SetTag(GenAiNames.ResponseTimeToFirstChunk, ttfb / 1000);
        }

        if (RecordJson.Bool(response, "complete") is { } complete)
        {
            span.SetTag(GenAiNames.Complete, complete);
        }

        if (includeContent && message.ValueKind == JsonValueKind.Object)
        {
            Set(span, GenAiNames.OutputMessages, GenAiContent.OutputMessages(message));
        }

        return Error(response, status);
    }

    /// <summary>
    /// <c>gen_ai.usage.input_tokens</c> as the conventions define it for Anthropic: the API's
    /// <c>input_tokens</c> excludes cached tokens, so cache reads and writes are added to it.
    /// </summary>
    private static void AddUsage(Activity span, JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var input = RecordJson.Long(usage, "input_tokens");
        var cacheRead = RecordJson.Long(usage, "cache_read_input_tokens");
        var cacheCreation = RecordJson.Long(usage, "cache_creation_input_tokens");
        if (input is not null || cacheRead is not null || cacheCreation is not null)
        {
            span.SetTag(GenAiNames.UsageInputTokens, (input ?? 0) + (cacheRead ?? 0) + (cacheCreation ?? 0));
        }

        Set(span, GenAiNames.UsageOutputTokens, RecordJson.Long(usage, "output_tokens"));
        Set(span, GenAiNames.UsageCacheReadInputTokens, cacheRead);
        Set(span, GenAiNames.UsageCacheCreationInputTokens, cacheCreation);
    }

    /// <summary>
    /// <c>error.type</c>: the API's error type when it sent one (<c>overloaded_error</c>), else the
    /// HTTP status of a failed call, else <c>transport_error</c> for a stream that did not end cleanly.
    /// </summary>
    private static (string?, string?) Error(JsonElement response, long? status)
    {
        var apiError = RecordJson.Object(response, "api_error");
        var message = RecordJson.String(response, "error");
        if (RecordJson.String(apiError, "type") is { } type)
        {
            return (type, RecordJson.String(apiError, "message") ?? message);
        }

        if (status is >= 400)
        {
            return (status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), message);
        }

        if (RecordJson.String(response, "transport_error") is { } transport)
        {
            return ("transport_error", transport);
        }

        return (null, null);
    }

    private static void Set(Activity span, string name, object? value)
    {
        if (value is not null)
        {
            span.SetTag(name, value);
        }
    }
}
