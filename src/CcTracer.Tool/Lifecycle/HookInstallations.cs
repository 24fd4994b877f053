using System.Text.Json.Serialization;

namespace CcTracer.Tool.Lifecycle;

/// <summary>The settings files <c>start</c> put this port's hooks into (<c>state/hooks-PORT.json</c>), for <c>status</c> and <c>stop</c>.</summary>
internal sealed record HookInstallations([property: JsonPropertyName("settings")] IReadOnlyList<string> SettingsPaths)
{
    public static HookInstallations Load(TracerHome home, int port)
        => StateFiles.Read(home.HooksFile(port), ToolJsonContext.Default.HookInstallations) ?? new HookInstallations([]);

    public static void Add(TracerHome home, int port, string settingsPath)
    {
        var current = Load(home, port);
        if (current.SettingsPaths.Contains(settingsPath, StringComparer.Ordinal))
        {
            return;
        }

        home.EnsureStateDirectory();
        StateFiles.Write(home.HooksFile(port), new HookInstallations([.. current.SettingsPaths, settingsPath]), ToolJsonContext.Default.HookInstallations);
    }

    public static void Forget(TracerHome home, int port, IEnumerable<string> settingsPaths)
    {
        var gone = settingsPaths.ToHashSet(StringComparer.Ordinal);
        var left = Load(home, port).SettingsPaths.Where(p => !gone.Contains(p)).ToList();
        if (left.Count == 0)
        {
            StateFiles.Delete(home.HooksFile(port));
        }
        else
        {
            StateFiles.Write(home.HooksFile(port), new HookInstallations(left), ToolJsonContext.Default.HookInstallations);
        }
    }
}
