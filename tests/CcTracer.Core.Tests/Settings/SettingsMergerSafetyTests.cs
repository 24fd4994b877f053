using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Hooks;
using CcTracer.Settings;
using Xunit;
using static CcTracer.Core.Tests.Settings.SettingsFiles;

namespace CcTracer.Core.Tests.Settings;

/// <summary>Files the merger must refuse or handle with care: bad JSON, wrong shapes, permissions, locks, races.</summary>
public sealed class SettingsMergerSafetyTests : IDisposable
{
    private readonly SettingsFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string SettingsPath => _files.SettingsPath;

    private string WriteSettings(string text) => _files.WriteSettings(text);

    [Theory]
    [InlineData("{\n  \"model\": \"opus\",\n  \"env\": {\n    \"A\": oops\n  }\n}\n", "line 4", "not valid JSON")]
    [InlineData("{\n  \"model\": \"opus\"\n", "line 3", "not valid JSON")]
    [InlineData("{\n  // my comment\n  \"model\": \"opus\"\n}\n", "line 2", "comments or trailing commas")]
    [InlineData("{\n  \"model\": \"opus\",\n}\n", "line 3", "comments or trailing commas")]
    public void Invalid_json_is_left_untouched_and_the_error_names_file_and_position(string text, string line, string reason)
    {
        WriteSettings(text);

        var ex = Assert.Throws<SettingsFileException>(() => new SettingsMerger().Merge(SettingsPath));

        Assert.Contains(SettingsPath, ex.Message);
        Assert.Contains(line, ex.Message);
        Assert.Contains(reason, ex.Message);
        Assert.Equal(SettingsPath, ex.FilePath);
        Assert.NotNull(ex.LineNumber);
        Assert.Equal(text, File.ReadAllText(SettingsPath));
        Assert.False(File.Exists(SettingsPath + ".bak"));
        Assert.Throws<SettingsFileException>(() => new SettingsMerger().Remove(SettingsPath));
        Assert.Equal(text, File.ReadAllText(SettingsPath));
    }

    [Theory]
    [InlineData("""{"hooks": []}""", "$.hooks")]
    [InlineData("""{"hooks": {"Stop": {"matcher": "*"}}}""", "$.hooks.Stop")]
    [InlineData("""{"hooks": {"Stop": ["echo"]}}""", "$.hooks.Stop[0]")]
    [InlineData("""{"hooks": {"Stop": [{"hooks": "echo"}]}}""", "$.hooks.Stop[0].hooks")]
    [InlineData("""{"hooks": {"Stop": [{"hooks": [42]}]}}""", "$.hooks.Stop[0].hooks[0]")]
    [InlineData("""[1, 2]""", "top level")]
    public void Hooks_of_the_wrong_shape_are_left_untouched(string text, string where)
    {
        WriteSettings(text);

        var ex = Assert.Throws<SettingsFileException>(() => new SettingsMerger().Merge(SettingsPath));

        Assert.Contains(SettingsPath, ex.Message);
        Assert.Contains(where, ex.Message);
        Assert.Equal(text, File.ReadAllText(SettingsPath));
    }

    [Fact]
    public void A_read_only_file_is_refused_and_left_untouched()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        const string Original = "{\n  \"model\": \"opus\"\n}\n";
        WriteSettings(Original);
        File.SetUnixFileMode(SettingsPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        // The merger checks the mode itself, so this holds when the tests run as root too.
        var ex = Assert.Throws<SettingsFileException>(() => new SettingsMerger().Merge(SettingsPath));

        Assert.Contains("read-only", ex.Message);
        Assert.Contains(SettingsPath, ex.Message);
        Assert.Equal(Original, File.ReadAllText(SettingsPath));
        Assert.False(File.Exists(SettingsPath + ".bak"));
    }

    [Fact]
    public void A_folder_without_write_permission_gives_a_clear_error()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        Assert.SkipWhen(Environment.IsPrivilegedProcess, "root ignores folder permissions, so the failure cannot be provoked");
        const string Original = "{\n  \"model\": \"opus\"\n}\n";
        WriteSettings(Original);
        var folder = Path.GetDirectoryName(SettingsPath)!;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var ex = Assert.Throws<SettingsFileException>(() => new SettingsMerger().Merge(SettingsPath));

        Assert.Contains(SettingsPath, ex.Message);
        Assert.Equal(Original, File.ReadAllText(SettingsPath));
    }

    [Fact]
    public async Task Concurrent_merges_end_with_one_valid_set_of_tracer_hooks()
    {
        WriteSettings("{\n  \"model\": \"opus\"\n}\n");
        var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            var merger = new SettingsMerger();
            if (i % 2 == 0)
            {
                merger.Merge(SettingsPath);
            }
            else
            {
                await merger.MergeAsync(SettingsPath, TestContext.Current.CancellationToken);
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        var root = Read(SettingsPath);
        AssertOneTracerSet(root);
        Assert.Equal("opus", root["model"]!.GetValue<string>());
        Assert.Equal("{\n  \"model\": \"opus\"\n}\n", File.ReadAllText(SettingsPath + ".bak"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(SettingsPath)!, "*.tmp"));
    }

    [Fact]
    public async Task Async_merge_and_remove_round_trip()
    {
        const string Original = "{\n  \"model\": \"opus\"\n}\n";
        WriteSettings(Original);
        var merger = new SettingsMerger();

        var merged = await merger.MergeAsync(SettingsPath, TestContext.Current.CancellationToken);
        var removed = await merger.RemoveAsync(SettingsPath, TestContext.Current.CancellationToken);

        Assert.Equal(34, merged.Added);
        Assert.Equal(34, removed.Removed);
        Assert.Equal(Original, File.ReadAllText(SettingsPath));
    }

    [Fact]
    public void Default_project_settings_path_is_under_dot_claude()
        => Assert.Equal(Path.Combine(_files.Root, ".claude", "settings.json"), SettingsMerger.DefaultProjectSettingsPath(_files.Root));

    [Theory]
    [InlineData("bad host; rm -rf /", 7355)]
    [InlineData("127.0.0.1", 0)]
    [InlineData("127.0.0.1", 70000)]
    public void Invalid_options_are_refused(string host, int port)
        => Assert.Throws<ArgumentException>(() => new SettingsMerger(new SettingsMergerOptions { Host = host, Port = port }));

    [Fact]
    public void Ipv6_host_is_bracketed_in_urls()
    {
        new SettingsMerger(new SettingsMergerOptions { Host = "::1" }).Merge(SettingsPath);

        Assert.Equal("http://[::1]:7355/hooks/Stop", Read(SettingsPath)["hooks"]!["Stop"]![0]!["hooks"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void Lock_file_held_elsewhere_times_out_with_a_clear_error()
    {
        WriteSettings("{}\n");
        using var held = new FileStream(SettingsFileLock.LockPathFor(SettingsPath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var ex = Assert.Throws<SettingsFileException>(() => new SettingsMerger(new SettingsMergerOptions { LockTimeout = TimeSpan.FromMilliseconds(100) }).Merge(SettingsPath));

        Assert.Contains("another process", ex.Message);
        Assert.Equal("{}\n", File.ReadAllText(SettingsPath));
    }

    [Fact]
    public void Merge_and_remove_leave_nothing_but_the_settings_file_in_the_folder()
    {
        WriteSettings("{}\n");
        var merger = new SettingsMerger();
        merger.Merge(SettingsPath);
        merger.Remove(SettingsPath);

        var left = Directory.GetFiles(Path.GetDirectoryName(SettingsPath)!).Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(["settings.json", "settings.json.bak"], left);
    }

    [Fact]
    public void Empty_file_is_treated_as_an_empty_object()
    {
        WriteSettings("  \n");

        var result = new SettingsMerger().Merge(SettingsPath);

        Assert.True(result.BackupWritten);
        AssertOneTracerSet(Read(SettingsPath));
        Assert.Equal("  \n", Encoding.UTF8.GetString(File.ReadAllBytes(SettingsPath + ".bak")));
    }

    [Fact]
    public void Duplicate_keys_are_refused_rather_than_silently_dropped()
    {
        const string Original = "{\"model\": \"opus\", \"model\": \"sonnet\"}";
        WriteSettings(Original);

        var ex = Assert.Throws<SettingsFileException>(() => new SettingsMerger().Merge(SettingsPath));

        Assert.Contains(SettingsPath, ex.Message);
        Assert.Equal(Original, File.ReadAllText(SettingsPath));
    }
}
