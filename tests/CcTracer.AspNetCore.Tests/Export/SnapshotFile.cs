using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using CcTracer.AspNetCore.Export;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CcTracer.AspNetCore.Tests.Export;

/// <summary>Makes HTML snapshots as <c>cc-tracer export html</c> does (the API in-process over a log directory), and reads their embedded data back.</summary>
internal static partial class SnapshotFile
{
    public static async Task<string> WriteAsync(string logDirectory, string sessionId, string target, bool noContent, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddCcTracer(configureStore: s => s.LogDirectory = logDirectory);
        await using var app = builder.Build();
        await using (var file = File.Create(target))
        {
            await SessionExports.WriteAsync(ExportFormat.Html, new InProcessApi(app.Services), sessionId, Path.Combine(logDirectory, sessionId + ".jsonl"), file, noContent, cancellationToken);
        }

        return target;
    }

    /// <summary>Every embedded API answer, inflated: URL → JSON text.</summary>
    public static IReadOnlyDictionary<string, string> Entries(string html)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Block().Matches(html))
        {
            using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(m.Groups[2].Value)), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            entries[System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)] = reader.ReadToEnd();
        }

        return entries;
    }

    [GeneratedRegex("""<script type="application/octet-stream" data-cc-url="([^"]+)">([^<]*)</script>""")]
    private static partial Regex Block();
}
