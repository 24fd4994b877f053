using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Tool.Tests.Packaging;

/// <summary>
/// The packages as <c>dotnet pack</c> makes them on a CI machine (Release, <c>CI=true</c>).
/// scripts/test.sh packs once before the tests and passes the folder in <c>CC_TRACER_PACKAGES</c>;
/// without it (a test run on its own) the fixture packs into a temporary folder itself.
/// </summary>
public sealed class BuiltPackages : IAsyncLifetime
{
    public const string Variable = "CC_TRACER_PACKAGES";

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    private string? _temporary;

    public string Directory { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            Directory = given;
            return;
        }

        _temporary = System.IO.Directory.CreateTempSubdirectory("cctracer-packages-").FullName;
        Directory = _temporary;
        await PackAsync(_temporary);
    }

    public ValueTask DisposeAsync()
    {
        if (_temporary is not null)
        {
            System.IO.Directory.Delete(_temporary, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    public ZipArchive Open(string id, string extension = ".nupkg")
    {
        // "<id>.<version><extension>": a digit after the id tells CcTracer.Core.0.1.0 from CcTracer.Core.Other.0.1.0.
        var matches = System.IO.Directory.GetFiles(Directory, $"{id}.*{extension}")
            .Where(f => char.IsAsciiDigit(Path.GetFileName(f)[id.Length + 1]))
            .ToList();
        Assert.True(matches.Count == 1, $"expected one {id} {extension} in {Directory}, found: {string.Join(", ", matches)}");
        return ZipFile.OpenRead(matches[0]);
    }

    public static XElement Nuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static async Task PackAsync(string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "pack", "CcTracer.Packages.slnf", "-c", "Release", "-warnaserror", "-o", output })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PackTimeout);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet pack failed:\n{await stdout}\n{await stderr}");
    }
}
