using System.Text;
using CcTracer.Hooks;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Core.Tests.Hooks;

public sealed class HookEventTests
{
    private static HookEvent ParseFixture(string eventName)
    {
        var bytes = File.ReadAllBytes(FixturePaths.File($"hook-{eventName}.json"));
        Assert.True(HookEvent.TryParse(bytes, out var hookEvent, out var error), error);
        return hookEvent;
    }

    public static TheoryData<string> FixtureEvents() => new(Directory
        .GetFiles(FixturePaths.ClaudeCode2_1_197, "hook-*.json")
        .Select(f => Path.GetFileNameWithoutExtension(f)["hook-".Length..])
        .Order(StringComparer.Ordinal));

    public static TheoryData<string> EveryReleaseFixture() => new(FixturePaths.AllHookFixtures.Select(f => Path.GetRelativePath(AppContext.BaseDirectory, f)));

    [Theory]
    [MemberData(nameof(EveryReleaseFixture))]
    public void Every_hook_fixture_of_every_release_parses_as_a_known_event_with_its_raw_bytes(string fixture)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, fixture));

        Assert.True(HookEvent.TryParse(bytes, out var hookEvent, out var error), error);

        Assert.True(hookEvent.EventNameFromPayload);
        Assert.StartsWith($"hook-{hookEvent.EventName}", Path.GetFileName(fixture), StringComparison.Ordinal);
        Assert.Contains(hookEvent.EventName, HookEventNames.All);
        Assert.False(string.IsNullOrEmpty(hookEvent.SessionId));
        Assert.Equal(bytes, hookEvent.RawJson.ToArray());
    }

    [Theory]
    [MemberData(nameof(FixtureEvents))]
    public void Every_fixture_parses_with_its_common_fields_and_raw_bytes(string eventName)
    {
        var bytes = File.ReadAllBytes(FixturePaths.File($"hook-{eventName}.json"));

        Assert.True(HookEvent.TryParse(bytes, out var hookEvent, out var error), error);

        Assert.Null(error);
        Assert.Equal(eventName, hookEvent.EventName);
        Assert.True(hookEvent.EventNameFromPayload);
        Assert.Contains(eventName, HookEventNames.All);
        Assert.Equal("69291977-120d-4f2a-bfbc-187768282b87", hookEvent.SessionId);
        Assert.Equal("/home/dev/project", hookEvent.Cwd);
        Assert.EndsWith("69291977-120d-4f2a-bfbc-187768282b87.jsonl", hookEvent.TranscriptPath);
        Assert.Equal(bytes, hookEvent.RawJson.ToArray());
    }

    [Fact]
    public void Common_fields_read_prompt_permission_mode_and_tool_use_id()
    {
        var hookEvent = ParseFixture("PreToolUse");

        Assert.Equal("b0c75294-4fff-4275-8f15-b3ff34633e70", hookEvent.PromptId);
        Assert.Equal("default", hookEvent.PermissionMode);
        Assert.Equal("toolu_01", hookEvent.ToolUseId);
    }

    [Fact]
    public void Fixture_without_tool_use_id_has_none()
        => Assert.Null(ParseFixture("UserPromptSubmit").ToolUseId);

    [Fact]
    public void Raw_json_is_a_copy_that_survives_reuse_of_the_input_buffer()
    {
        var buffer = Encoding.UTF8.GetBytes("""{"hook_event_name":"Stop"}""");
        var expected = buffer.ToArray();
        Assert.True(HookEvent.TryParse(buffer, out var hookEvent, out _));

        Array.Fill(buffer, (byte)'x');

        Assert.Equal(expected, hookEvent.RawJson.ToArray());
        Assert.Equal("Stop", hookEvent.EventName);
    }

    [Fact]
    public void Unknown_event_is_kept_whole_with_its_extra_fields()
    {
        const string Json = "{\n  \"session_id\": \"s1\",\n  \"hook_event_name\": \"BrandNewEvent2027\",\n  \"novel\": {\"nested\": [1, 2.50, \"\\u00e9\"]},\n  \"flag\": true\n}";
        var bytes = Encoding.UTF8.GetBytes(Json);

        Assert.True(HookEvent.TryParse(bytes, out var hookEvent, out var error), error);

        Assert.Equal("BrandNewEvent2027", hookEvent.EventName);
        Assert.Equal("s1", hookEvent.SessionId);
        Assert.Equal(bytes, hookEvent.RawJson.ToArray());
        Assert.True(hookEvent.TryGetProperty("novel", out var novel));
        Assert.Equal("2.50", novel.GetProperty("nested")[1].GetRawText());
        Assert.False(ToolUseHook.TryFrom(hookEvent, out _));
        Assert.False(StopHook.TryFrom(hookEvent, out _));
    }

    [Fact]
    public void Missing_event_name_falls_back_to_the_hint()
    {
        Assert.True(HookEvent.TryParse("""{"session_id":"s"}"""u8.ToArray(), "SessionStart", out var hookEvent, out _));

        Assert.Equal("SessionStart", hookEvent.EventName);
        Assert.False(hookEvent.EventNameFromPayload);
    }

    [Fact]
    public void Payload_event_name_wins_over_the_hint()
    {
        Assert.True(HookEvent.TryParse("""{"hook_event_name":"Stop"}"""u8.ToArray(), "PreToolUse", out var hookEvent, out _));

        Assert.Equal("Stop", hookEvent.EventName);
    }

    [Fact]
    public void Missing_event_name_without_hint_is_Unknown()
    {
        Assert.True(HookEvent.TryParse("{}"u8.ToArray(), out var hookEvent, out _));

        Assert.Equal("Unknown", hookEvent.EventName);
        Assert.Null(hookEvent.SessionId);
    }

    [Fact]
    public void Malformed_json_is_rejected_with_line_and_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n  \"session_id\": \"s\",\n  \"cwd\": oops\n}");

        Assert.False(HookEvent.TryParse(bytes, out var hookEvent, out var error));

        Assert.Null(hookEvent);
        Assert.Contains("not valid JSON", error);
        Assert.Contains("line 3", error);
        Assert.Contains("byte 10", error);
    }

    [Theory]
    [InlineData("[1,2]", "an array")]
    [InlineData("\"text\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public void Json_that_is_not_an_object_is_rejected(string json, string kind)
    {
        Assert.False(HookEvent.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));

        Assert.Contains("must be a JSON object", error);
        Assert.Contains(kind, error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("\u00ff\u00fe")]
    public void Bad_input_never_throws(string text)
    {
        Assert.False(HookEvent.TryParse(Encoding.Latin1.GetBytes(text), out var hookEvent, out var error));

        Assert.Null(hookEvent);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Event_names_cover_the_34_of_claude_code_2_1_332()
    {
        Assert.Equal(34, HookEventNames.All.Count);
        Assert.Equal(34, HookEventNames.All.Distinct(StringComparer.Ordinal).Count());
        foreach (var added in new[] { "PreModelSwitch", "PostModelSwitch", "DirectoryAdded", "MessageDisplay", "PreSkillShellCommand" })
        {
            Assert.Contains(added, HookEventNames.All);
            Assert.True(HookEventNames.SupportsHttpHooks(added));
        }

        Assert.False(HookEventNames.SupportsHttpHooks(HookEventNames.SessionStart));
        Assert.False(HookEventNames.SupportsHttpHooks(HookEventNames.Setup));
        Assert.True(HookEventNames.SupportsHttpHooks(HookEventNames.SessionEnd));
        Assert.True(HookEventNames.MatchesToolName(HookEventNames.PreToolUse));
        Assert.False(HookEventNames.MatchesToolName(HookEventNames.Stop));
    }

    [Fact]
    public void Payload_with_a_utf8_bom_is_accepted_and_kept_whole()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "{\"hook_event_name\":\"Stop\"}"u8];

        Assert.True(HookEvent.TryParse(bytes, out var hookEvent, out var error), error);

        Assert.Equal("Stop", hookEvent.EventName);
        Assert.Equal(bytes, hookEvent.RawJson.ToArray());
    }
}
