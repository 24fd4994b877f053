using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CcTracer.AspNetCore.Ui;

namespace CcTracer.AspNetCore.Export;

/// <summary>
/// The UI's embedded files as one page that works from <c>file://</c>: a browser loads no module from a
/// file URL, so each module becomes a <c>data:</c> URL named in an import map, with its relative imports
/// rewritten to those names; the stylesheet is inlined. The CSP allows exactly these inline scripts (by
/// hash) and data: modules, and no network at all.
/// </summary>
internal static partial class UiBundle
{
    private const string ModulePrefix = "cctracer/";

    /// <summary>
    /// Builds the page around a gap at the end of its body: <paramref name="headScripts"/> (classic, inline) run
    /// before any module. The entry module is <c>async</c> and comes after the UI's markup, where the caller puts
    /// it (<see cref="Page.Entry"/>): the UI starts as soon as the parser reaches it, without waiting for data
    /// that follows it to be parsed.
    /// </summary>
    public static Page Build(IReadOnlyList<UiAsset> assets, string headScripts)
    {
        var index = Encoding.UTF8.GetString(Find(assets, "/index.html").Content);
        var css = Encoding.UTF8.GetString(Find(assets, "/app.css").Content);
        var imports = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var asset in assets.Where(a => a.Path.StartsWith("/js/", StringComparison.Ordinal) && a.Path.EndsWith(".js", StringComparison.Ordinal)))
        {
            var source = RelativeImport().Replace(Encoding.UTF8.GetString(asset.Content), m => m.Groups[1].Value + m.Groups[2].Value + ModulePrefix + m.Groups[3].Value + m.Groups[2].Value);
            imports[ModulePrefix + asset.Path[4..]] = "data:text/javascript;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(source));
        }

        var entries = new List<string>();
        index = ModuleScript().Replace(index, m =>
        {
            entries.Add(m.Groups[1].Value);
            return string.Empty;
        });
        index = Stylesheet().Replace(index, string.Empty);
        var importMap = "{\"imports\":{" + string.Join(",", imports.Select(i => Quote(i.Key) + ":" + Quote(i.Value))) + "}}";
        var entry = string.Concat(entries.Select(e => $"import '{ModulePrefix}{e}';"));
        var csp = "default-src 'none'; script-src " + Hash(headScripts) + " " + Hash(importMap) + " " + Hash(entry)
            + " data:; style-src " + Hash(css) + "; img-src data:; connect-src data:; base-uri 'none'; form-action 'none'";
        var head = $"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<style>{css}</style>\n<script>{headScripts}</script>\n"
            + $"<script type=\"importmap\">{importMap}</script>\n";
        var at = index.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        index = index[..at] + head + index[at..];
        at = index.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return new Page(index[..at], $"<script type=\"module\" async>{entry}</script>\n", index[at..]);
    }

    /// <summary>The page in three parts: the markup up to the end of the body, the entry module's script, the rest.</summary>
    internal sealed record Page(string Start, string Entry, string End);

    private static UiAsset Find(IReadOnlyList<UiAsset> assets, string path)
        => assets.SingleOrDefault(a => a.Path == path) ?? throw new InvalidOperationException($"The UI file '{path}' is missing from the assembly.");

    private static string Hash(string inline) => "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline))) + "'";

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    /// <summary><c>from './x.js'</c>, <c>import './x.js'</c> and <c>import('./x.js')</c>.</summary>
    [GeneratedRegex("""(\bfrom\s*|\bimport\s*\(?\s*)(['"])\./([\w.-]+\.js)\2""")]
    private static partial Regex RelativeImport();

    [GeneratedRegex("""<script\s+type="module"\s+src="js/([\w.-]+\.js)"\s*>\s*</script>\s*""")]
    private static partial Regex ModuleScript();

    [GeneratedRegex("""<link\s+rel="stylesheet"\s+href="app\.css"\s*>\s*""")]
    private static partial Regex Stylesheet();
}
