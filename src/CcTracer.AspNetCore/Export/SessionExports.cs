using CcTracer.Export;
using CcTracer.Storage;

namespace CcTracer.AspNetCore.Export;

/// <summary>What the command line and the API share about exports: parsing a format, its file name and type, and writing it.</summary>
internal static class SessionExports
{
    public static bool TryParse(string? text, out ExportFormat format)
    {
        switch (text?.ToLowerInvariant())
        {
            case "har":
                format = ExportFormat.Har;
                return true;
            case "html":
                format = ExportFormat.Html;
                return true;
            case "md" or "markdown":
                format = ExportFormat.Markdown;
                return true;
            default:
                format = default;
                return false;
        }
    }

    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Har => ".har",
        ExportFormat.Html => ".html",
        _ => ".md",
    };

    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Har => "application/json; charset=utf-8",
        ExportFormat.Html => "text/html; charset=utf-8",
        _ => "text/markdown; charset=utf-8",
    };

    /// <summary>
    /// Writes session <paramref name="sessionId"/>, whose log is <paramref name="sessionPath"/>, to <paramref name="output"/>;
    /// <paramref name="api"/> answers over the session's log directory (the HTML snapshot embeds its answers).
    /// </summary>
    public static Task WriteAsync(ExportFormat format, InProcessApi api, string sessionId, string sessionPath, Stream output, bool noContent, CancellationToken cancellationToken)
    {
        var options = new ExportOptions(noContent, api.Version);
        if (format == ExportFormat.Html && SessionIds.Normalize(sessionId) != sessionId)
        {
            // The snapshot reads through the API, which finds a log by its session id: another name would export nothing.
            throw new InvalidOperationException($"The HTML snapshot reads the session through the tracer's API, which names a log by its session id: rename '{sessionId}.jsonl' to '{SessionIds.Normalize(sessionId)}.jsonl'.");
        }

        return format switch
        {
            ExportFormat.Har => HarWriter.WriteAsync(sessionPath, output, options, cancellationToken),
            ExportFormat.Html => HtmlSnapshot.WriteAsync(api, sessionId, output, options, cancellationToken),
            _ => MarkdownTranscript.WriteAsync(sessionPath, output, options, cancellationToken),
        };
    }
}
