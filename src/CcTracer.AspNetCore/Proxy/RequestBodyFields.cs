using System.Text.Json;
using CcTracer.Json;
using CcTracer.Storage;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>Reads the few top-level fields of a Messages request the log indexes (<c>model</c>, <c>stream</c>).</summary>
internal static class RequestBodyFields
{
    /// <summary>
    /// Scans the top-level object, skipping nested values without materialising them, so an
    /// 85 KB request with 25 tools costs one pass. Never throws: a body that is not JSON has no fields.
    /// </summary>
    public static (string? Model, bool? Stream) Read(ReadOnlySpan<byte> body)
    {
        string? model = null;
        bool? stream = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    model = reader.TokenType == JsonTokenType.String ? JsonReaderStrings.GetStringOrNull(ref reader) : model;
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    stream = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => stream,
                    };
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // A truncated or non-JSON body: keep whatever was found before the fault.
        }

        return (model, stream);
    }
}
