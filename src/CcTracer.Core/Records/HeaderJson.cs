using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>Writes headers as a JSON object; credentials of a record that was not masked are redacted on the way out.</summary>
internal static class HeaderJson
{
    public static void Write(Utf8JsonWriter writer, string propertyName, IReadOnlyList<KeyValuePair<string, string>> headers, bool masked)
    {
        writer.WriteStartObject(propertyName);
        foreach (var (name, value) in headers)
        {
            writer.WriteString(name, masked ? value : HeaderRedactor.Redact(name, value));
        }

        writer.WriteEndObject();
    }
}
