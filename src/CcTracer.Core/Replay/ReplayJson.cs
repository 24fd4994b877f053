using System.Text.Encodings.Web;
using System.Text.Json;

namespace CcTracer.Replay;

/// <summary>Serializer options for messages people read: non-ASCII text stays as typed.</summary>
internal static class ReplayJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
