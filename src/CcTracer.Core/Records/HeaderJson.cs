using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>Writes headers as a JSON object, redacting credentials on the way out.</summary>
internal static class HeaderJson
{
    public static void Write(Utf8JsonWriter writer, string propertyName, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        writer.WriteStartObject(propertyName);
        foreach (var (name, value) in headers)
        {
            writer.WriteString(name, HeaderRedactor.Redact(name, value));
        }

        writer.WriteEndObject();
    }
}
