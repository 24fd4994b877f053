using CcTracer.TestKit;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>Where the browser tests leave screenshots: <c>&lt;repo&gt;/test-artifacts/ui/</c> (gitignored).</summary>
internal static class Artifacts
{
    public static string UiDirectory
    {
        get
        {
            var path = Path.Combine(RepositoryPaths.Root, "test-artifacts", "ui");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public static string Screenshot(string name) => Path.Combine(UiDirectory, name + ".png");
}
