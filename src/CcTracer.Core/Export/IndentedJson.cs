using System.Text.Encodings.Web;
using System.Text.Json;

namespace CcTracer.Export;

/// <summary>Serializer options for JSON meant to be read by a person (tool inputs in a transcript).</summary>
internal static class IndentedJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
