using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text.RegularExpressions;
using Xunit;

namespace CcTracer.Tool.Tests.Packaging;

/// <summary>What a package gallery checks: README and icon inside, where the source is, symbols, a lean tool.</summary>
public sealed partial class PackageLayoutTests(BuiltPackages packages) : IClassFixture<BuiltPackages>
{
    public static TheoryData<string> Ids => ["CcTracer.Core", "CcTracer.AspNetCore", "CcTracer.OpenTelemetry", "CcTracer.Tool"];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Package_carries_a_gallery_readme_with_absolute_links_and_an_install_line(string id)
    {
        using var package = packages.Open(id);
        var metadata = BuiltPackages.Nuspec(package);
        Assert.Equal("README.md", Value(metadata, "readme"));
        var readme = Text(package, "README.md");

        var install = id == "CcTracer.Tool" ? $"dotnet tool install --global {id}" : $"dotnet add package {id}";
        Assert.Contains(install, readme, StringComparison.Ordinal);
        Assert.Contains("## Quick start", readme, StringComparison.Ordinal);
        var links = MarkdownLink().Matches(readme).Select(m => m.Groups["target"].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, target => Assert.StartsWith("https://", target, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Package_carries_its_png_icon(string id)
    {
        using var package = packages.Open(id);
        Assert.Equal("icon.png", Value(BuiltPackages.Nuspec(package), "icon"));
        using var icon = new MemoryStream();
        using (var stream = Entry(package, "icon.png").Open())
        {
            stream.CopyTo(icon);
        }

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, icon.ToArray()[..4]);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Package_names_its_project_repository_and_commit(string id)
    {
        using var package = packages.Open(id);
        var metadata = BuiltPackages.Nuspec(package);
        Assert.StartsWith("https://", Value(metadata, "projectUrl"), StringComparison.Ordinal);
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.StartsWith("https://", (string?)repository.Attribute("url"), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Symbols_ship_as_snupkg_with_deterministic_source_paths(string id)
    {
        using var package = packages.Open(id);
        using var symbols = packages.Open(id, ".snupkg");
        var ownAssemblies = package.Entries
            .Where(e => e.Name.EndsWith(".dll", StringComparison.Ordinal) && (e.Name.StartsWith("CcTracer.", StringComparison.Ordinal) || e.Name == "cc-tracer.dll"))
            .Select(e => Path.ChangeExtension(e.FullName, ".pdb"))
            .ToList();
        Assert.NotEmpty(ownAssemblies);
        foreach (var pdb in ownAssemblies)
        {
            var documents = DocumentPaths(Entry(symbols, pdb));
            Assert.NotEmpty(documents);
            Assert.All(documents, path => Assert.StartsWith("/_/", path, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Tool_package_holds_no_web_config_static_web_assets_satellites_or_xml_docs()
    {
        using var package = packages.Open("CcTracer.Tool");
        var files = package.Entries.Select(e => e.FullName).Where(f => f.StartsWith("tools/", StringComparison.Ordinal)).ToList();
        Assert.Contains(files, f => f.EndsWith("/cc-tracer.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith("/web.config", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains("staticwebassets", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, f => f.EndsWith(".resources.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith(".xml", StringComparison.Ordinal) && !f.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
    }

    private static string Value(System.Xml.Linq.XElement metadata, string name)
        => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? $"<no {name}>";

    private static ZipArchiveEntry Entry(ZipArchive package, string path)
        => package.GetEntry(path) ?? throw new Xunit.Sdk.XunitException($"{path} is not in the package; it holds: {string.Join(", ", package.Entries.Select(e => e.FullName))}");

    private static string Text(ZipArchive package, string path)
    {
        using var reader = new StreamReader(Entry(package, path).Open());
        return reader.ReadToEnd();
    }

    private static List<string> DocumentPaths(ZipArchiveEntry pdb)
    {
        var bytes = new MemoryStream();
        using (var stream = pdb.Open())
        {
            stream.CopyTo(bytes);
        }

        bytes.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(bytes);
        var reader = provider.GetMetadataReader();
        return reader.Documents.Select(h => reader.GetString(reader.GetDocument(h).Name)).ToList();
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
