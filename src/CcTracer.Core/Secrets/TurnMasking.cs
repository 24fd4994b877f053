using System.Text;
using System.Text.Json.Nodes;
using CcTracer.Buffers;
using CcTracer.Turns;

namespace CcTracer.Secrets;

/// <summary>
/// Masks the texts of a rebuilt turn (text, thinking, tool inputs). This is where a secret the
/// model streamed across several deltas is whole again, so it is found here even when no single
/// delta of the stored stream holds it.
/// </summary>
internal static class TurnMasking
{
    /// <summary>Masks the turn's texts in place; whether any held a secret.</summary>
    public static bool Mask(ApiTurn turn, SecretMasker masker, string where, MaskReport report)
        => MaskNode(turn.HeldMessage, masker, where, report);

    private static bool MaskNode(JsonNode? node, SecretMasker masker, string where, MaskReport report)
    {
        var found = false;
        switch (node)
        {
            case JsonObject obj:
                List<KeyValuePair<string, string>>? replaced = null;
                foreach (var (name, value) in obj)
                {
                    if (Masked(value, masker, where, report) is { } text)
                    {
                        (replaced ??= []).Add(new(name, text));
                    }
                    else
                    {
                        found |= MaskNode(value, masker, where, report);
                    }
                }

                foreach (var (name, text) in replaced ?? [])
                {
                    Free(obj[name]);
                    obj[name] = text;
                    found = true;
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Masked(array[i], masker, where, report) is { } text)
                    {
                        Free(array[i]);
                        array[i] = text;
                        found = true;
                    }
                    else
                    {
                        found |= MaskNode(array[i], masker, where, report);
                    }
                }

                break;
        }

        return found;
    }

    // The masked text of a string value; null when it is no string or holds no secret.
    private static string? Masked(JsonNode? node, SecretMasker masker, string where, MaskReport report)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue(out ChunkedText? chunked))
        {
            using var utf8 = new ChunkedBuffer();
            chunked.CopyUtf8To(utf8);
            return masker.MaskBytes(utf8.AsSequence(), where, report) is { } masked ? Encoding.UTF8.GetString(masked) : null;
        }

        if (value.TryGetValue(out string? text))
        {
            var result = masker.MaskText(text, where, report);
            return ReferenceEquals(result, text) ? null : result;
        }

        return null;
    }

    private static void Free(JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue(out ChunkedText? chunked))
        {
            chunked.Free();
        }
    }
}
