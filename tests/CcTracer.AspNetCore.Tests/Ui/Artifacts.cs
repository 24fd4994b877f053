namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>Where the browser tests leave screenshots: <c>&lt;repo&gt;/test-artifacts/ui/</c> (gitignored).</summary>
internal static class Artifacts
{
    public static string UiDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CcTracer.sln")))
            {
                dir = dir.Parent;
            }

            var root = dir?.FullName ?? AppContext.BaseDirectory;
            var path = Path.Combine(root, "test-artifacts", "ui");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public static string Screenshot(string name) => Path.Combine(UiDirectory, name + ".png");
}
