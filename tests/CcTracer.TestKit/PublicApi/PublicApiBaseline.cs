using System.Reflection;

namespace CcTracer.TestKit.PublicApi;

/// <summary>
/// Compares an assembly's <see cref="PublicApiListing"/> with its reviewed copy in
/// <c>docs/public-api/&lt;assembly&gt;.txt</c>; with <c>CC_TRACER_UPDATE_PUBLIC_API=1</c> it rewrites that copy instead.
/// </summary>
public static class PublicApiBaseline
{
    /// <summary>The environment variable that turns a check into a rewrite of the listing.</summary>
    public const string UpdateVariable = "CC_TRACER_UPDATE_PUBLIC_API";

    /// <summary>Null when the listing matches (or was just rewritten); otherwise what changed and how to accept it.</summary>
    public static string? Check(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var path = Path.Combine(RepositoryPaths.Root, "docs", "public-api", assembly.GetName().Name + ".txt");
        var actual = PublicApiListing.Describe(assembly);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return null;
        }

        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        if (expected == actual)
        {
            return null;
        }

        var expectedLines = Qualified(expected);
        var actualLines = Qualified(actual);
        var removed = expectedLines.Except(actualLines).Select(l => "- " + l);
        var added = actualLines.Except(expectedLines).Select(l => "+ " + l);
        return $"""
            The public API of {assembly.GetName().Name} differs from {path}:
            {string.Join("\n", removed.Concat(added))}
            If the change is intended, regenerate the listing and commit it with the change:
              {UpdateVariable}=1 dotnet test --project tests/{assembly.GetName().Name}.Tests -- --filter-class '*PublicApiTests'
            """;
    }

    /// <summary>Each member line prefixed with its type's header, so a changed line says where it is.</summary>
    private static List<string> Qualified(string listing)
    {
        var lines = new List<string>();
        var header = "";
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("  ", StringComparison.Ordinal))
            {
                lines.Add(header + " :: " + line.Trim());
            }
            else
            {
                // Members name their type without its base list, so a changed base list is one line.
                header = line.Split(" : ")[0];
                lines.Add(line);
            }
        }

        return lines;
    }
}
