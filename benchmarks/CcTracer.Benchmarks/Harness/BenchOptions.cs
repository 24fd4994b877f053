using System.Globalization;

namespace CcTracer.Benchmarks.Harness;

/// <summary>The command line shared by the end-to-end benchmark programs.</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>A tiny, seconds-long version that proves the program works; asserts no timings and writes no results.</summary>
    public bool Smoke { get; private set; }

    /// <summary>Interleaved rounds; the reported figure is the median across them.</summary>
    public int Rounds => Int("--rounds", Smoke ? 1 : 5);

    /// <summary>Where figures go; null in smoke mode unless asked for.</summary>
    public string? ResultsPath { get; private set; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--smoke")
            {
                o.Smoke = true;
            }
            else if (a.StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                o._values[a] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unknown argument '{a}'.");
            }
        }

        o.ResultsPath = o._values.TryGetValue("--results", out var path)
            ? Path.GetFullPath(path)
            : o.Smoke ? null : RepoPaths.ResultsFile;
        return o;
    }

    /// <summary>
    /// The proxies' GC mode: <c>--gc server|workstation</c>. Default workstation, as the tool
    /// ships (src/CcTracer.Tool sets ServerGarbageCollection=false; see RESULTS.md for why).
    /// </summary>
    public bool ServerGc => (String("--gc") ?? "workstation") switch
    {
        "server" => true,
        "workstation" => false,
        var other => throw new ArgumentException($"--gc must be server or workstation (was '{other}')."),
    };

    public string? String(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string Required(string name) => String(name) ?? throw new ArgumentException($"{name} is required.");

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
