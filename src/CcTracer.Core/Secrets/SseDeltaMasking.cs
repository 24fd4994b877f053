using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Json;

namespace CcTracer.Secrets;

/// <summary>
/// Masks, in the stored stream itself, a secret the model streamed across several deltas: no one
/// delta holds it, so the byte scan cannot see it, yet anyone rebuilding the text from the stored
/// stream would get it whole. The deltas of each content block are joined (as the turn joins them),
/// scanned, and each delta a secret touches is rewritten: the first keeps its text before the
/// secret and carries the marker, the others lose the secret's bytes. Events stay valid JSON and
/// the rebuilt text reads exactly as the masked turn.
/// </summary>
internal static class SseDeltaMasking
{
    private static readonly string[] TextFields = ["text", "thinking", "partial_json"];

    /// <summary>The stream with secrets split across deltas masked; <see langword="null"/> when there were none.</summary>
    public static byte[]? Mask(ReadOnlySpan<byte> sse, SecretMasker masker, MaskReport report)
    {
        var deltas = ReadDeltas(sse);
        var rewritten = new Dictionary<int, string>();
        foreach (var block in deltas.GroupBy(d => d.Index))
        {
            MaskBlock([.. block], masker, report, rewritten);
        }

        if (rewritten.Count == 0)
        {
            return null;
        }

        var output = new ArrayBufferWriter<byte>(sse.Length);
        var copied = 0;
        foreach (var delta in deltas.Where(d => rewritten.ContainsKey(d.LineStart)))
        {
            output.Write(sse[copied..delta.LineStart]);
            output.Write(Rewrite(sse[delta.LineStart..delta.LineEnd], delta.Field, rewritten[delta.LineStart]));
            copied = delta.LineEnd;
        }

        output.Write(sse[copied..]);
        return output.WrittenSpan.ToArray();
    }

    private static void MaskBlock(List<Delta> block, SecretMasker masker, MaskReport report, Dictionary<int, string> rewritten)
    {
        var joined = block.SelectMany(d => d.Utf8).ToArray();
        var matches = new List<SecretMatch>();
        SecretScanner.Find(joined, matches);
        if (matches.Count == 0)
        {
            return;
        }

        // Each delta's new text: its bytes outside every secret, and a secret's marker in the delta where it starts.
        var texts = block.Select(_ => new List<byte>()).ToList();
        var starts = new long[block.Count + 1];
        for (var i = 0; i < block.Count; i++)
        {
            starts[i + 1] = starts[i] + block[i].Utf8.Length;
        }

        var touched = new HashSet<int>();
        long position = 0;
        foreach (var match in matches)
        {
            var first = DeltaAt(starts, match.Start);
            var last = DeltaAt(starts, match.End - 1);
            for (var i = first; i <= last; i++)
            {
                touched.Add(i);
            }

            Append(texts, starts, joined, position, match.Start);
            texts[first].AddRange(masker.Marker(joined.AsSpan((int)match.Start, (int)match.Length), match.Kind, "body", report));
            position = match.End;
        }

        Append(texts, starts, joined, position, joined.Length);
        foreach (var i in touched)
        {
            rewritten[block[i].LineStart] = Encoding.UTF8.GetString([.. texts[i]]);
        }
    }

    // Gives each delta its own bytes of [from, to) of the joined text.
    private static void Append(List<List<byte>> texts, long[] starts, byte[] joined, long from, long to)
    {
        for (var i = 0; i < texts.Count; i++)
        {
            var a = Math.Max(from, starts[i]);
            var b = Math.Min(to, starts[i + 1]);
            if (a < b)
            {
                texts[i].AddRange(joined.AsSpan((int)a, (int)(b - a)));
            }
        }
    }

    private static int DeltaAt(long[] starts, long offset)
    {
        var i = Array.BinarySearch(starts, offset);
        return i >= 0 ? Math.Min(i, starts.Length - 2) : ~i - 1;
    }

    private static byte[] Rewrite(ReadOnlySpan<byte> line, string field, string text)
    {
        var data = JsonNode.Parse(line["data:".Length..])!.AsObject();
        data["delta"]![field] = text;
        var buffer = new ArrayBufferWriter<byte>(line.Length);
        buffer.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(buffer, RelaxedJson.WriterOptions))
        {
            data.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static List<Delta> ReadDeltas(ReadOnlySpan<byte> sse)
    {
        var deltas = new List<Delta>();
        var start = 0;
        while (start < sse.Length)
        {
            var length = sse[start..].IndexOfAny((byte)'\n', (byte)'\r');
            var end = length < 0 ? sse.Length : start + length;
            var line = sse[start..end];
            if (line.StartsWith("data:"u8) && line.IndexOf("content_block_delta"u8) >= 0 && TryRead(line["data:".Length..], out var index, out var field, out var text))
            {
                deltas.Add(new Delta(index, start, end, field, Encoding.UTF8.GetBytes(text)));
            }

            start = end + 1;
        }

        return deltas;
    }

    private static bool TryRead(ReadOnlySpan<byte> json, out int index, out string field, out string text)
    {
        index = 0;
        field = text = string.Empty;
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            if (!root.TryGetProperty("index", out var i) || !i.TryGetInt32(out index) || !root.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var name in TextFields)
            {
                if (delta.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    field = name;
                    text = value.GetString()!;
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // A damaged event is kept as it came; its text was never part of the turn either.
        }

        return false;
    }

    private readonly record struct Delta(int Index, int LineStart, int LineEnd, string Field, byte[] Utf8);
}
