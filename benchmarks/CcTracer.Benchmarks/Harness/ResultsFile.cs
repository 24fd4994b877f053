using System.Text;

namespace CcTracer.Benchmarks.Harness;

/// <summary>
/// benchmarks/RESULTS.md, one marked section per benchmark, so running one benchmark replaces
/// its own figures and keeps the others'.
/// </summary>
internal static class ResultsFile
{
    private const string Header = "# CcTracer streaming-path benchmarks (issue #8)\n\nWritten by `dotnet run -c Release --project benchmarks/CcTracer.Benchmarks -- <latency|throughput|memory|hooks|analysis|export|otlp|all>`; each section carries the date and machine it was measured on. Every comparison is a ratio measured in the same run, paths interleaved, median of the rounds.\n";

    // "findings" is written by hand (bottlenecks, what changed, what it bought) and kept across runs.
    private static readonly string[] Order = ["latency", "throughput", "memory", "hooks", "analysis", "export", "otlp", "longsession", "findings"];

    public static void WriteSection(string? path, string name, string markdown)
    {
        if (path is null)
        {
            return;
        }

        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path);
            foreach (var n in Order)
            {
                var begin = text.IndexOf(Begin(n), StringComparison.Ordinal);
                var end = text.IndexOf(End(n), StringComparison.Ordinal);
                if (begin >= 0 && end > begin)
                {
                    sections[n] = text[(begin + Begin(n).Length)..end].Trim('\n');
                }
            }
        }

        sections[name] = markdown.Trim('\n');
        var sb = new StringBuilder(Header);
        foreach (var n in Order.Where(sections.ContainsKey))
        {
            sb.Append('\n').Append(Begin(n)).Append('\n').Append(sections[n]).Append('\n').Append(End(n)).Append('\n');
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, sb.ToString());
        Console.WriteLine($"wrote the {name} section of {path}");
    }

    private static string Begin(string name) => $"<!-- {name}:begin -->";

    private static string End(string name) => $"<!-- {name}:end -->";
}
