using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Hooks;
using CcTracer.Settings;
using Xunit;

namespace CcTracer.Core.Tests.Settings;

/// <summary>A test's own settings folder and the checks the settings-merger tests share.</summary>
internal sealed class SettingsFiles : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Root => _dir.Path;

    public void Dispose() => _dir.Dispose();

    public string SettingsPath => _dir.File(".claude", "settings.json");

    public string WriteSettings(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SettingsPath)!);
        File.WriteAllText(SettingsPath, text);
        return SettingsPath;
    }

    public static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    public static List<JsonObject> TracerEntries(JsonObject root, string eventName)
        => (root["hooks"]?[eventName]?.AsArray() ?? [])
            .SelectMany(g => g!["hooks"]!.AsArray())
            .Select(e => e!.AsObject())
            .Where(e => e["headers"]?["X-Cc-Tracer"] is not null || (e["command"]?.GetValue<string>().EndsWith("# cc-tracer", StringComparison.Ordinal) ?? false))
            .ToList();

    public static void AssertOneTracerSet(JsonObject root, int port = 7355)
    {
        foreach (var name in HookEventNames.All)
        {
            var entry = Assert.Single(TracerEntries(root, name));
            var url = $"http://127.0.0.1:{port}/hooks/{name}";
            if (name is HookEventNames.SessionStart or HookEventNames.Setup)
            {
                Assert.Equal("command", entry["type"]!.GetValue<string>());
                Assert.Contains(url, entry["command"]!.GetValue<string>());
            }
            else
            {
                Assert.Equal("http", entry["type"]!.GetValue<string>());
                Assert.Equal(url, entry["url"]!.GetValue<string>());
            }

            Assert.Equal(5, entry["timeout"]!.GetValue<int>());
        }
    }
}
