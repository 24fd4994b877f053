using System.Text;
using System.Text.Json;
using CcTracer.Hooks;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Core.Tests.Hooks;

public sealed class HookViewTests
{
    private static HookEvent Fixture(string eventName)
    {
        Assert.True(HookEvent.TryParse(File.ReadAllBytes(FixturePaths.File($"hook-{eventName}.json")), out var e, out var error), error);
        return e;
    }

    private static HookEvent Parse(string json)
    {
        Assert.True(HookEvent.TryParse(Encoding.UTF8.GetBytes(json), out var e, out var error), error);
        return e;
    }

    [Fact]
    public void PreToolUse_view_gives_tool_name_and_input()
    {
        Assert.True(ToolUseHook.TryFrom(Fixture("PreToolUse"), out var view));

        Assert.Equal("Bash", view.ToolName);
        Assert.Equal("echo hi", view.ToolInput.GetProperty("command").GetString());
        Assert.Equal("toolu_01", view.ToolUseId);
        Assert.Null(view.ToolResponse);
        Assert.Null(view.DurationMs);
        Assert.False(view.IsFailure);
    }

    [Fact]
    public void PostToolUse_view_gives_response_and_duration()
    {
        Assert.True(ToolUseHook.TryFrom(Fixture("PostToolUse"), out var view));

        Assert.Equal("Bash", view.ToolName);
        Assert.Equal(84, view.DurationMs);
        Assert.Equal("hi", view.ToolResponse!.Value.GetProperty("stdout").GetString());
        Assert.False(view.TryGetEditDiff(out _));
    }

    [Fact]
    public void PostToolUseFailure_view_gives_error()
    {
        var e = Parse("""{"hook_event_name":"PostToolUseFailure","tool_name":"Bash","tool_input":{"command":"false"},"tool_use_id":"t9","error":"Exit code 1","is_interrupt":false,"duration_ms":12.6}""");

        Assert.True(ToolUseHook.TryFrom(e, out var view));

        Assert.True(view.IsFailure);
        Assert.Equal("Exit code 1", view.Error);
        Assert.False(view.IsInterrupt);
        Assert.Equal(13, view.DurationMs);
        Assert.Equal("t9", view.ToolUseId);
    }

    [Fact]
    public void PostToolBatch_view_lists_the_tool_calls()
    {
        Assert.True(PostToolBatchHook.TryFrom(Fixture("PostToolBatch"), out var view));

        var call = Assert.Single(view.ToolCalls);
        Assert.Equal("Bash", call.ToolName);
        Assert.Equal("toolu_01", call.ToolUseId);
        Assert.Equal("echo hi", call.ToolInput.GetProperty("command").GetString());
        Assert.Equal("hi", call.ToolResponse!.Value.GetString());
    }

    [Fact]
    public void UserPromptSubmit_view_gives_the_prompt()
    {
        Assert.True(UserPromptSubmitHook.TryFrom(Fixture("UserPromptSubmit"), out var view));

        Assert.Equal("run echo hi", view.Prompt);
    }

    [Fact]
    public void SessionStart_view_gives_source_and_optional_model()
    {
        Assert.True(SessionStartHook.TryFrom(Fixture("SessionStart"), out var view));
        Assert.Equal("startup", view.Source);
        Assert.Null(view.Model);

        Assert.True(SessionStartHook.TryFrom(Parse("""{"hook_event_name":"SessionStart","source":"resume","model":"claude-opus-4"}"""), out var withModel));
        Assert.Equal("claude-opus-4", withModel.Model);
    }

    [Fact]
    public void SessionEnd_view_gives_the_reason()
    {
        Assert.True(SessionEndHook.TryFrom(Fixture("SessionEnd"), out var view));

        Assert.Equal("other", view.Reason);
    }

    [Fact]
    public void Stop_view_gives_last_message_and_flag()
    {
        Assert.True(StopHook.TryFrom(Fixture("Stop"), out var view));

        Assert.False(view.StopHookActive);
        Assert.Equal("Done: the command ran.", view.LastAssistantMessage);
        Assert.False(view.IsFailure);
        Assert.Null(view.Error);
    }

    [Fact]
    public void StopFailure_view_keeps_a_structured_error_as_raw_json()
    {
        Assert.True(StopHook.TryFrom(Parse("""{"hook_event_name":"StopFailure","error":{"type":"overloaded_error"}}"""), out var view));

        Assert.True(view.IsFailure);
        Assert.Equal("""{"type":"overloaded_error"}""", view.Error);
    }

    [Fact]
    public void Permission_views_give_tool_and_reason()
    {
        Assert.True(PermissionHook.TryFrom(Parse("""{"hook_event_name":"PermissionRequest","tool_name":"Bash","tool_input":{"command":"rm x"},"permission_suggestions":[{"type":"addRules"}]}"""), out var request));
        Assert.False(request.IsDenied);
        Assert.Equal("Bash", request.ToolName);
        Assert.Equal(JsonValueKind.Array, request.PermissionSuggestions!.Value.ValueKind);

        Assert.True(PermissionHook.TryFrom(Parse("""{"hook_event_name":"PermissionDenied","tool_name":"Bash","tool_use_id":"t1","reason":"auto mode"}"""), out var denied));
        Assert.True(denied.IsDenied);
        Assert.Equal("auto mode", denied.Reason);
        Assert.Equal("t1", denied.ToolUseId);
    }

    [Fact]
    public void Subagent_view_gives_agent_fields()
    {
        Assert.True(SubagentHook.TryFrom(Parse("""{"hook_event_name":"SubagentStop","agent_id":"a1","agent_type":"Explore","agent_transcript_path":"/t/a1.jsonl","stop_hook_active":true}"""), out var view));

        Assert.True(view.IsStop);
        Assert.Equal("a1", view.AgentId);
        Assert.Equal("Explore", view.AgentType);
        Assert.Equal("/t/a1.jsonl", view.AgentTranscriptPath);
        Assert.True(view.StopHookActive);
    }

    [Fact]
    public void Notification_view_gives_message_title_and_type()
    {
        Assert.True(NotificationHook.TryFrom(Parse("""{"hook_event_name":"Notification","message":"Claude needs your permission","title":"Claude Code","notification_type":"permission_prompt"}"""), out var view));

        Assert.Equal("Claude needs your permission", view.Message);
        Assert.Equal("Claude Code", view.Title);
        Assert.Equal("permission_prompt", view.NotificationType);
    }

    [Fact]
    public void Compact_view_gives_trigger_and_instructions()
    {
        Assert.True(CompactHook.TryFrom(Parse("""{"hook_event_name":"PreCompact","trigger":"manual","custom_instructions":"keep the plan"}"""), out var view));

        Assert.False(view.IsPost);
        Assert.Equal("manual", view.Trigger);
        Assert.Equal("keep the plan", view.CustomInstructions);
    }

    [Fact]
    public void Views_refuse_other_events()
    {
        var stop = Fixture("Stop");

        Assert.False(ToolUseHook.TryFrom(stop, out var tool));
        Assert.Null(tool);
        Assert.False(SessionStartHook.TryFrom(stop, out _));
        Assert.False(SessionEndHook.TryFrom(stop, out _));
        Assert.False(UserPromptSubmitHook.TryFrom(stop, out _));
        Assert.False(PostToolBatchHook.TryFrom(stop, out _));
        Assert.False(PermissionHook.TryFrom(stop, out _));
        Assert.False(SubagentHook.TryFrom(stop, out _));
        Assert.False(NotificationHook.TryFrom(stop, out _));
        Assert.False(CompactHook.TryFrom(stop, out _));
    }

    [Fact]
    public void Fields_of_the_wrong_type_read_as_missing()
    {
        Assert.True(ToolUseHook.TryFrom(Parse("""{"hook_event_name":"PostToolUse","tool_name":5,"duration_ms":"slow"}"""), out var view));

        Assert.Null(view.ToolName);
        Assert.Null(view.DurationMs);
        Assert.Equal(JsonValueKind.Undefined, view.ToolInput.ValueKind);
    }
}
