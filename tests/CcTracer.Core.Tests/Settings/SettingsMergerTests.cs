using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Hooks;
using CcTracer.Settings;
using Xunit;

namespace CcTracer.Core.Tests.Settings;

public sealed class SettingsMergerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string SettingsPath => _dir.File(".claude", "settings.json");

    private string WriteSettings(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SettingsPath)!);
        File.WriteAllText(SettingsPath, text);
        return SettingsPath;
    }

    private static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static List<JsonObject> TracerEntries(JsonObject root, string eventName)
        => (root["hooks"]?[eventName]?.AsArray() ?? [])
            .SelectMany(g => g!["hooks"]!.AsArray())
            .Select(e => e!.AsObject())
            .Where(e => e["headers"]?["X-Cc-Tracer"] is not null || (e["command"]?.GetValue<string>().EndsWith("# cc-tracer", StringComparison.Ordinal) ?? false))
            .ToList();

    private static void AssertOneTracerSet(JsonObject root, int port = 7355)
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

    [Fact]
    public void Merge_creates_a_missing_file_and_folder_without_a_backup()
    {
        var result = new SettingsMerger().Merge(SettingsPath);

        Assert.True(result.Created);
        Assert.True(result.Changed);
        Assert.Equal(34, result.Added);
        Assert.Equal(0, result.Removed);
        Assert.Null(result.BackupPath);
        Assert.False(result.BackupWritten);
        Assert.False(File.Exists(SettingsPath + ".bak"));
        Assert.Equal(SettingsPath, result.SettingsPath);
        var root = Read(SettingsPath);
        Assert.Equal(34, root["hooks"]!.AsObject().Count);
        AssertOneTracerSet(root);
    }

    [Theory]
    [InlineData("PreModelSwitch")]
    [InlineData("PostModelSwitch")]
    [InlineData("DirectoryAdded")]
    [InlineData("MessageDisplay")]
    [InlineData("PreSkillShellCommand")]
    public void Merge_installs_an_http_hook_for_each_event_new_in_claude_code_2_1_332(string eventName)
    {
        new SettingsMerger().Merge(SettingsPath);

        var entry = Assert.Single(TracerEntries(Read(SettingsPath), eventName));
        Assert.Equal($"http://127.0.0.1:7355/hooks/{eventName}", entry["url"]!.GetValue<string>());
    }

    [Fact]
    public void Remove_deletes_a_file_the_merger_created_and_writes_no_backup()
    {
        var merger = new SettingsMerger();
        merger.Merge(SettingsPath);

        var result = merger.Remove(SettingsPath);

        Assert.True(result.Deleted);
        Assert.False(File.Exists(SettingsPath));
        Assert.False(File.Exists(SettingsPath + ".bak"));
    }

    [Fact]
    public void Remove_keeps_a_created_file_that_gained_other_settings()
    {
        var merger = new SettingsMerger();
        merger.Merge(SettingsPath);
        var edited = Read(SettingsPath);
        edited["model"] = "opus";
        File.WriteAllText(SettingsPath, edited.ToJsonString());

        var result = merger.Remove(SettingsPath);

        Assert.False(result.Deleted);
        Assert.Equal("opus", Read(SettingsPath)["model"]!.GetValue<string>());
        Assert.Null(Read(SettingsPath)["hooks"]);
        Assert.False(File.Exists(SettingsPath + ".bak"));
    }

    [Fact]
    public void Merged_file_is_two_space_indented_with_a_trailing_newline()
    {
        new SettingsMerger().Merge(SettingsPath);

        var text = File.ReadAllText(SettingsPath);
        Assert.StartsWith("{\n  \"hooks\": {\n    \"Setup\": [\n      {\n        \"matcher\": \"*\",\n", text);
        Assert.EndsWith("}\n", text);
        Assert.DoesNotContain("\r", text);
        Assert.Contains("\"url\": \"http://127.0.0.1:7355/hooks/PreToolUse\"", text);
        Assert.Contains("'Content-Type: application/json'", text);
    }

    [Fact]
    public void Merge_into_empty_object_then_remove_restores_it()
    {
        WriteSettings("{}\n");

        var merged = new SettingsMerger().Merge(SettingsPath);
        AssertOneTracerSet(Read(SettingsPath));
        Assert.True(merged.BackupWritten);
        Assert.Equal("{}\n", File.ReadAllText(SettingsPath + ".bak"));

        var removed = new SettingsMerger().Remove(SettingsPath);

        Assert.Equal(34, removed.Removed);
        Assert.Equal("{}\n", File.ReadAllText(SettingsPath));
    }

    [Fact]
    public void Users_hooks_on_the_same_events_are_kept_and_come_back_byte_for_byte()
    {
        const string Original = """
            {
              "hooks": {
                "PreToolUse": [
                  {
                    "matcher": "Bash",
                    "hooks": [
                      {
                        "type": "command",
                        "command": "echo 'pre' >> /tmp/log"
                      }
                    ]
                  }
                ],
                "Stop": [
                  {
                    "hooks": [
                      {
                        "type": "http",
                        "url": "http://127.0.0.1:9999/hooks/Stop",
                        "timeout": 3
                      }
                    ]
                  }
                ]
              }
            }

            """;
        WriteSettings(Original);

        new SettingsMerger().Merge(SettingsPath);

        var root = Read(SettingsPath);
        AssertOneTracerSet(root);
        var pre = root["hooks"]!["PreToolUse"]!.AsArray();
        Assert.Equal(2, pre.Count);
        Assert.Equal("Bash", pre[0]!["matcher"]!.GetValue<string>());
        var stop = root["hooks"]!["Stop"]!.AsArray();
        Assert.Equal("http://127.0.0.1:9999/hooks/Stop", stop[0]!["hooks"]![0]!["url"]!.GetValue<string>());
        Assert.Equal(["PreToolUse", "Stop"], root["hooks"]!.AsObject().Select(p => p.Key).Take(2));

        new SettingsMerger().Remove(SettingsPath);

        Assert.Equal(Original, File.ReadAllText(SettingsPath));
    }

    [Fact]
    public void Unrelated_keys_keep_their_order_and_bytes()
    {
        const string Original = """
            {
              "permissions": {
                "allow": [
                  "Bash(npm test:*)"
                ],
                "deny": []
              },
              "env": {
                "FOO": "bar <&> é"
              },
              "model": "opus"
            }

            """;
        WriteSettings(Original);

        new SettingsMerger().Merge(SettingsPath);

        var root = Read(SettingsPath);
        Assert.Equal(["permissions", "env", "model", "hooks"], root.Select(p => p.Key));
        Assert.Equal("bar <&> é", root["env"]!["FOO"]!.GetValue<string>());

        new SettingsMerger().Remove(SettingsPath);

        Assert.Equal(Original, File.ReadAllText(SettingsPath));
    }

    [Fact]
    public void A_file_in_another_format_comes_back_semantically_equal()
    {
        const string Original = """{"model":"opus","env":{"A":"1","B":"\u00e9"},"hooks":{"Stop":[{"matcher":"","hooks":[{"type":"command","command":"true"}]}]},"n":1.50}""";
        WriteSettings(Original);

        new SettingsMerger().Merge(SettingsPath);
        new SettingsMerger().Remove(SettingsPath);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Original), JsonNode.Parse(File.ReadAllText(SettingsPath))));
        Assert.Equal(Original, File.ReadAllText(SettingsPath + ".bak"));
    }

    [Fact]
    public void Merging_twice_gives_the_same_bytes_and_keeps_the_first_backup()
    {
        WriteSettings("{\n  \"model\": \"opus\"\n}\n");
        var merger = new SettingsMerger();
        merger.Merge(SettingsPath);
        var first = File.ReadAllBytes(SettingsPath);
        var backupTime = File.GetLastWriteTimeUtc(SettingsPath + ".bak");

        var second = merger.Merge(SettingsPath);

        Assert.False(second.Changed);
        Assert.Equal(0, second.Added);
        Assert.Equal(0, second.Removed);
        Assert.False(second.BackupWritten);
        Assert.Equal(SettingsPath + ".bak", second.BackupPath);
        Assert.Equal(first, File.ReadAllBytes(SettingsPath));
        Assert.Equal("{\n  \"model\": \"opus\"\n}\n", File.ReadAllText(SettingsPath + ".bak"));
        Assert.Equal(backupTime, File.GetLastWriteTimeUtc(SettingsPath + ".bak"));
    }

    [Fact]
    public void Backup_is_never_overwritten_by_later_changes()
    {
        WriteSettings("{\n  \"model\": \"opus\"\n}\n");
        var merger = new SettingsMerger();
        merger.Merge(SettingsPath);
        merger.Remove(SettingsPath);
        File.WriteAllText(SettingsPath, "{\n  \"model\": \"sonnet\"\n}\n");

        var result = merger.Merge(SettingsPath);

        Assert.False(result.BackupWritten);
        Assert.Equal("{\n  \"model\": \"opus\"\n}\n", File.ReadAllText(SettingsPath + ".bak"));
    }

    [Fact]
    public void Removing_twice_changes_nothing_the_second_time()
    {
        WriteSettings("{\n  \"model\": \"opus\"\n}\n");
        var merger = new SettingsMerger();
        merger.Merge(SettingsPath);
        merger.Remove(SettingsPath);
        var after = File.ReadAllBytes(SettingsPath);

        var again = merger.Remove(SettingsPath);

        Assert.False(again.Changed);
        Assert.Equal(0, again.Removed);
        Assert.Equal(after, File.ReadAllBytes(SettingsPath));
    }

    [Fact]
    public void Remove_leaves_a_missing_file_missing_and_an_unrelated_file_unformatted()
    {
        Assert.False(new SettingsMerger().Remove(SettingsPath).Changed);
        Assert.False(File.Exists(SettingsPath));

        WriteSettings("{ \"model\" : \"opus\" }");
        Assert.False(new SettingsMerger().Remove(SettingsPath).Changed);
        Assert.Equal("{ \"model\" : \"opus\" }", File.ReadAllText(SettingsPath));
        Assert.False(File.Exists(SettingsPath + ".bak"));
    }

    [Fact]
    public void Merging_with_another_port_replaces_the_tracer_entries()
    {
        new SettingsMerger().Merge(SettingsPath);

        var result = new SettingsMerger(new SettingsMergerOptions { Port = 9123 }).Merge(SettingsPath);

        Assert.Equal(34, result.Added);
        Assert.Equal(34, result.Removed);
        var root = Read(SettingsPath);
        AssertOneTracerSet(root, 9123);
        Assert.DoesNotContain("7355", File.ReadAllText(SettingsPath));
    }

    [Fact]
    public void Merge_after_a_manual_edit_keeps_the_users_changes()
    {
        var merger = new SettingsMerger();
        merger.Merge(SettingsPath);
        var root = Read(SettingsPath);
        root["hooks"]!["Stop"]![0]!["hooks"]!.AsArray().Add(new JsonObject { ["type"] = "command", ["command"] = "say done" });
        root["hooks"]!["PreToolUse"]!.AsArray().Insert(0, new JsonObject { ["matcher"] = "Edit", ["hooks"] = new JsonArray(new JsonObject { ["type"] = "command", ["command"] = "lint" }) });
        root["hooks"]!.AsObject().Remove("Notification");
        root["model"] = "opus";
        File.WriteAllText(SettingsPath, root.ToJsonString());

        merger.Merge(SettingsPath);

        var merged = Read(SettingsPath);
        AssertOneTracerSet(merged);
        Assert.Equal("opus", merged["model"]!.GetValue<string>());
        Assert.Contains(merged["hooks"]!["Stop"]!.AsArray(), g => g!["hooks"]!.AsArray().Any(e => e!["command"]?.GetValue<string>() == "say done"));
        Assert.Equal("Edit", merged["hooks"]!["PreToolUse"]![0]!["matcher"]!.GetValue<string>());

        merger.Remove(SettingsPath);

        var removed = Read(SettingsPath);
        Assert.Equal(["hooks", "model"], removed.Select(p => p.Key));
        Assert.Equal(["Stop", "PreToolUse"], removed["hooks"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal("say done", removed["hooks"]!["Stop"]![0]!["hooks"]![0]!["command"]!.GetValue<string>());
        Assert.Single(removed["hooks"]!["PreToolUse"]!.AsArray());
    }

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
        => Assert.Equal(Path.Combine(_dir.Path, ".claude", "settings.json"), SettingsMerger.DefaultProjectSettingsPath(_dir.Path));

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
