using System.Text;
using CcTracer.Export;

namespace CcTracer.Core.Tests.Export;

/// <summary>Runs an exporter of Core into a string (and a file beside the session, for validators that read files).</summary>
internal static class ExportFiles
{
    public static async Task<string> HarAsync(string sessionPath, bool noContent = false)
    {
        using var output = new MemoryStream();
        await HarWriter.WriteAsync(sessionPath, output, new ExportOptions(noContent, "9.9.9-test"), CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    public static async Task<string> MarkdownAsync(string sessionPath, bool noContent = false)
    {
        using var output = new MemoryStream();
        await MarkdownTranscript.WriteAsync(sessionPath, output, new ExportOptions(noContent, "9.9.9-test"), CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cc-tracer-export-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
