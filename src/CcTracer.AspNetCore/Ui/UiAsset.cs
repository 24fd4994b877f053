using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace CcTracer.AspNetCore.Ui;

/// <summary>One static file of the UI, read once from the assembly, with its content type and strong ETag.</summary>
internal sealed class UiAsset
{
    /// <summary>The manifest-resource prefix the csproj gives every file under <c>Ui/wwwroot</c>.</summary>
    public const string ResourcePrefix = "CcTracer.Ui/";

    private UiAsset(string path, string contentType, byte[] content)
    {
        Path = path;
        ContentType = contentType;
        Content = content;

        // A hash of the bytes: the tag changes exactly when the file does, across builds and restarts.
        ETag = new EntityTagHeaderValue("\"" + Convert.ToBase64String(SHA256.HashData(content), 0, 18).Replace('+', '-').Replace('/', '_') + "\"");
    }

    /// <summary>The path under the UI's root, with a leading slash (<c>/js/main.js</c>).</summary>
    public string Path { get; }

    public string ContentType { get; }

    public byte[] Content { get; }

    public EntityTagHeaderValue ETag { get; }

    public static UiAsset Create(string path, byte[] content) => new(path, ContentTypeOf(path), content);

    /// <summary>Every file embedded under <see cref="ResourcePrefix"/>.</summary>
    public static IReadOnlyList<UiAsset> LoadEmbedded()
    {
        var assembly = typeof(UiAsset).Assembly;
        var assets = new List<UiAsset>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);

            // RecursiveDir uses the build machine's separator; URLs use '/'.
            assets.Add(Create("/" + name[ResourcePrefix.Length..].Replace('\\', '/'), copy.ToArray()));
        }

        return assets;
    }

    private static string ContentTypeOf(string path) => System.IO.Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
