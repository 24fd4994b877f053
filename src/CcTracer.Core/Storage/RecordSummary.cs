using System.Buffers;
using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>Small edits of a summary's JSON (docs/http-api.md, "Record summary").</summary>
internal static class RecordSummary
{
    /// <summary>
    /// The summary with its top-level <c>bytes</c> set to <paramref name="lineBytes"/>: a deferred
    /// record is summarized from its body-less fields, but the row must show the stored line's size.
    /// </summary>
    public static byte[] WithLineBytes(byte[] summary, long lineBytes)
    {
        var reader = new Utf8JsonReader(summary);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return summary;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isBytes = reader.ValueTextEquals("bytes"u8);
            reader.Read();
            if (isBytes && reader.TokenType == JsonTokenType.Number)
            {
                var start = (int)reader.TokenStartIndex;
                var end = start + reader.ValueSpan.Length;
                var output = new ArrayBufferWriter<byte>(summary.Length + 20);
                output.Write(summary.AsSpan(0, start));
                Span<byte> digits = stackalloc byte[20];
                lineBytes.TryFormat(digits, out var n, default, System.Globalization.CultureInfo.InvariantCulture);
                output.Write(digits[..n]);
                output.Write(summary.AsSpan(end));
                return output.WrittenSpan.ToArray();
            }

            reader.Skip();
        }

        return summary;
    }
}
