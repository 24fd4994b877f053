namespace CcTracer.TestKit;

/// <summary>Locates the repository the tests were built from (the folder holding <c>CcTracer.sln</c>).</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root, found by walking up from the test assembly's folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The tests do not run from inside a checkout.</exception>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CcTracer.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new DirectoryNotFoundException($"No CcTracer.sln above {AppContext.BaseDirectory}.");
        }
    }
}
