using System.Text.Encodings.Web;
using System.Text.Json;

namespace CcTracer.Json;

/// <summary>The writer options of everything the tracer writes as JSON for people to read: log lines, summaries, long texts.</summary>
internal static class RelaxedJson
{
    // Relaxed escaping keeps prompts and code readable in the file; the UI renders captured text
    // with textContent, so HTML-sensitive characters need no escaping here.
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };
}
