using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using CcTracer.AspNetCore.Ui;
using CcTracer.Export;

namespace CcTracer.AspNetCore.Export;

/// <summary>
/// A session as one HTML file: the tracer's own UI (<see cref="UiBundle"/>) with every API answer it needs
/// embedded, gzipped, one block per URL, and a shim (<c>snapshot-shim.js</c>) that answers the UI's fetches
/// from them. It opens from <c>file://</c> with no server and no network.
/// </summary>
internal static class HtmlSnapshot
{
    public static async Task WriteAsync(InProcessApi api, string sessionId, Stream output, ExportOptions options, CancellationToken cancellationToken)
    {
        var sessionPath = "api/sessions/" + Uri.EscapeDataString(sessionId);
        var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            var (status, records) = await api.GetAsync(sessionPath + "/records", cancellationToken).ConfigureAwait(false);
            if (status != 200)
            {
                throw new InvalidOperationException($"Session '{sessionId}' could not be read (status {status}).");
            }

            // What the first screen needs comes before the entry module, the records' details after it:
            // the UI shows the timeline while the browser still parses the bulk of the file.
            var page = UiBundle.Build(UiAsset.LoadEmbedded(), Shim());
            await writer.WriteAsync(page.Start.AsMemory(), cancellationToken).ConfigureAwait(false);
            await WriteBlockAsync(writer, "api/sessions", ThisSessionOnly(await api.GetAsync("api/sessions", cancellationToken).ConfigureAwait(false), sessionId), options.NoContent, cancellationToken).ConfigureAwait(false);
            await WriteBlockAsync(writer, "api/health", JsonSerializer.SerializeToUtf8Bytes(new { name = "cc-tracer", version = options.ToolVersion + " · snapshot" }), noContent: false, cancellationToken).ConfigureAwait(false);
            await WriteBlockAsync(writer, sessionPath + "/records", records, options.NoContent, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(page.Entry.AsMemory(), cancellationToken).ConfigureAwait(false);
            using var summaries = JsonDocument.Parse(records);
            var urls = SnapshotUrls.ForRecords(sessionPath, summaries.RootElement, options.NoContent)
                .Concat(SnapshotUrls.SessionEndpoints.Select(e => sessionPath + e));
            foreach (var url in urls)
            {
                var (code, body) = await api.GetAsync(url, cancellationToken).ConfigureAwait(false);
                if (code == 200)
                {
                    await WriteBlockAsync(writer, url, body, options.NoContent, cancellationToken).ConfigureAwait(false);
                }
            }

            await writer.WriteAsync(page.End.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Shim()
    {
        using var stream = typeof(HtmlSnapshot).Assembly.GetManifestResourceStream("CcTracer.Export/snapshot-shim.js")
            ?? throw new InvalidOperationException("The snapshot shim is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The session list holds every session in the log directory: a snapshot names only its own.</summary>
    private static byte[] ThisSessionOnly((int Status, byte[] Body) sessions, string sessionId)
    {
        if (sessions.Status != 200)
        {
            return "[]"u8.ToArray();
        }

        using var all = JsonDocument.Parse(sessions.Body);
        var kept = all.RootElement.EnumerateArray().Where(s => s.TryGetProperty("session_id", out var id) && id.GetString() == sessionId)
            .Select(s => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(s.GetRawText())!).ToList();
        foreach (var s in kept)
        {
            // A snapshot is a finished thing: never shown as live.
            s["active"] = JsonSerializer.SerializeToElement(false);
        }

        return JsonSerializer.SerializeToUtf8Bytes(kept);
    }

    private static async Task WriteBlockAsync(TextWriter writer, string url, byte[] json, bool noContent, CancellationToken cancellationToken)
    {
        var bytes = noContent ? ContentStripper.Strip(json) : json;
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        await writer.WriteAsync($"<script type=\"application/octet-stream\" data-cc-url=\"{WebUtility.HtmlEncode(url)}\">").ConfigureAwait(false);
        await writer.WriteAsync(Convert.ToBase64String(packed.GetBuffer(), 0, (int)packed.Length).AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync("</script>\n").ConfigureAwait(false);
    }
}
