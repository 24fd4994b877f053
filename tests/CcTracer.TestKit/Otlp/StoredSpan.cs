using System.Text.Json;

namespace CcTracer.TestKit.Otlp;

/// <summary>One span as an OTLP receiver stored it (its OTLP JSON, flattened for assertions).</summary>
/// <param name="TraceId">Hex trace id.</param>
/// <param name="SpanId">Hex span id.</param>
/// <param name="ParentSpanId">Hex parent span id, or empty for a root.</param>
/// <param name="Name">The span name.</param>
/// <param name="Kind">OTLP kind (1 internal, 3 client).</param>
/// <param name="Service">The resource's <c>service.name</c>.</param>
/// <param name="Attributes">Attribute values as JSON text of their OTLP <c>AnyValue</c> content (a string unquoted).</param>
/// <param name="StartUnixNano">Start time.</param>
/// <param name="EndUnixNano">End time.</param>
/// <param name="StatusCode">OTLP status code (2 error).</param>
public sealed record StoredSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, string? Service,
    IReadOnlyDictionary<string, string> Attributes, ulong StartUnixNano, ulong EndUnixNano, int StatusCode)
{
    /// <summary>An attribute, or null.</summary>
    public string? this[string name] => Attributes.TryGetValue(name, out var v) ? v : null;

    internal static List<StoredSpan> Read(JsonElement root)
    {
        var spans = new List<StoredSpan>();
        var resourceSpans = root.TryGetProperty("data", out var data) ? data.GetProperty("resourceSpans") : root.GetProperty("resourceSpans");
        foreach (var resource in resourceSpans.EnumerateArray())
        {
            var service = resource.TryGetProperty("resource", out var r) && r.TryGetProperty("attributes", out var ra)
                ? ReadAttributes(ra).GetValueOrDefault("service.name")
                : null;
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new StoredSpan(
                        Hex(span, "traceId"), Hex(span, "spanId"), Hex(span, "parentSpanId"),
                        span.GetProperty("name").GetString()!,
                        span.TryGetProperty("kind", out var kind) ? KindOf(kind) : 0,
                        service,
                        span.TryGetProperty("attributes", out var a) ? ReadAttributes(a) : new Dictionary<string, string>(),
                        Nanos(span, "startTimeUnixNano"), Nanos(span, "endTimeUnixNano"),
                        span.TryGetProperty("status", out var status) && status.TryGetProperty("code", out var code) ? KindOf(code) : 0));
                }
            }
        }

        return spans;
    }

    private static Dictionary<string, string> ReadAttributes(JsonElement attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes.EnumerateArray())
        {
            var value = attribute.GetProperty("value");
            var text = value.EnumerateObject().FirstOrDefault() is { Value: var v } ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : "";
            result[attribute.GetProperty("key").GetString()!] = text;
        }

        return result;
    }

    private static int KindOf(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetInt32() : value.GetString() switch
    {
        "SPAN_KIND_INTERNAL" or "STATUS_CODE_OK" => 1,
        "SPAN_KIND_SERVER" or "STATUS_CODE_ERROR" => 2,
        "SPAN_KIND_CLIENT" => 3,
        _ => 0,
    };

    private static string Hex(JsonElement span, string name)
        => span.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static ulong Nanos(JsonElement span, string name)
        => span.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? ulong.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : v.GetUInt64()) : 0;
}
