using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Hooks;
using CcTracer.Settings;
using Xunit;
using static CcTracer.Core.Tests.Settings.SettingsFiles;

namespace CcTracer.Core.Tests.Settings;

/// <summary>Merging the tracer's hooks in and taking them out again: what the user's file looks like after.</summary>
public sealed class SettingsMergerTests : IDisposable
{
    private readonly SettingsFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string SettingsPath => _files.SettingsPath;

    private string WriteSettings(string text) => _files.WriteSettings(text);

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
}
