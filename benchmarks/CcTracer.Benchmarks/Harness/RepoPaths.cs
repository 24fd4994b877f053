namespace CcTracer.Benchmarks.Harness;

/// <summary>Finds the repository (for fixtures and RESULTS.md) wherever the binary runs from.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ResultsFile => Path.Combine(Root, "benchmarks", "RESULTS.md");

    public static string Fixture(string name) => Path.Combine(Root, "tests", "fixtures", "claude-code-2.1.197", name);

    private static string FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CcTracer.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the CcTracer repository (CcTracer.sln not found).");
    }
}
