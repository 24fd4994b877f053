using System.Text.Json;
using CcTracer.Hooks;

namespace CcTracer.Replay;

/// <summary>
/// One tool call, joined across both tiers by <c>tool_use_id</c>: the <c>tool_use</c> block of the API
/// turn that asked for it, the PreToolUse / PostToolUse / PostToolUseFailure hooks, and the
/// <c>tool_result</c> block sent back in a later request. Any part may be missing (a session traced
/// with hooks only, a call still running when the log ended).
/// </summary>
public sealed class RecordedToolCall
{
    internal RecordedToolCall(string id, string? name, JsonElement input, RecordedTurn? turn, JsonElement? toolUseBlock)
    {
        Id = id;
        Name = name;
        Input = input;
        Turn = turn;
        ToolUseBlock = toolUseBlock;
    }

    /// <summary>The <c>tool_use_id</c> (the block's <c>id</c>).</summary>
    public string Id { get; }

    /// <summary>The tool name, from the <c>tool_use</c> block or else from the hooks.</summary>
    public string? Name { get; internal set; }

    /// <summary>The tool input: the block's <c>input</c>, or else the hook's <c>tool_input</c>.</summary>
    public JsonElement Input { get; internal set; }

    /// <summary>The API turn whose response asked for the call; <see langword="null"/> when only hooks saw it.</summary>
    public RecordedTurn? Turn { get; }

    /// <summary>The <c>tool_use</c> content block as reassembled.</summary>
    public JsonElement? ToolUseBlock { get; }

    /// <summary>The PreToolUse hook.</summary>
    public RecordedHook? PreToolUse { get; internal set; }

    /// <summary>The PostToolUse hook (the tool succeeded).</summary>
    public RecordedHook? PostToolUse { get; internal set; }

    /// <summary>The PostToolUseFailure hook (the tool failed).</summary>
    public RecordedHook? PostToolUseFailure { get; internal set; }

    /// <summary>Every hook naming this call, in log order (including any event not listed above, e.g. PermissionRequest).</summary>
    public IReadOnlyList<RecordedHook> Hooks => _hooks;

    /// <summary>The <c>tool_result</c> block of the first later request that carries it.</summary>
    public JsonElement? Result { get; internal set; }

    /// <summary>The API turn whose request carried <see cref="Result"/> back to the model.</summary>
    public RecordedTurn? ResultTurn { get; internal set; }

    /// <summary>The text of <see cref="Result"/>'s <c>content</c> (a string, or its text blocks joined).</summary>
    public string? ResultText
    {
        get
        {
            if (Result is not { } r || !r.TryGetProperty("content", out var content))
            {
                return null;
            }

            return content.ValueKind switch
            {
                JsonValueKind.String => content.GetString(),
                JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(b => RecordedJson.String(b, "text"))),
                _ => content.GetRawText(),
            };
        }
    }

    /// <summary>Whether the call failed: a PostToolUseFailure hook, or <c>"is_error": true</c> on the result.</summary>
    public bool IsError
        => PostToolUseFailure is not null
            || (Result is { } r && r.TryGetProperty("is_error", out var e) && e.ValueKind == JsonValueKind.True);

    /// <summary>
    /// How long the tool ran: the Post hook's <c>duration_ms</c>, else the time between the Pre and Post
    /// hooks; <see langword="null"/> without hooks.
    /// </summary>
    public TimeSpan? Duration
    {
        get
        {
            var post = PostToolUse ?? PostToolUseFailure;
            if (post?.ToolUse?.DurationMs is { } ms)
            {
                return TimeSpan.FromMilliseconds(ms);
            }

            return post?.Timestamp is { } end && PreToolUse?.Timestamp is { } start ? end - start : null;
        }
    }

    /// <summary>The tool's response as reported by the PostToolUse hook (<c>tool_response</c>).</summary>
    public JsonElement? HookResponse => PostToolUse?.ToolUse?.ToolResponse;

    /// <summary>The failure reason of a PostToolUseFailure hook.</summary>
    public string? HookError => PostToolUseFailure?.ToolUse?.Error;

    private readonly List<RecordedHook> _hooks = [];

    internal void AddHook(RecordedHook hook)
    {
        _hooks.Add(hook);
        switch (hook.EventName)
        {
            case HookEventNames.PreToolUse:
                PreToolUse ??= hook;
                break;
            case HookEventNames.PostToolUse:
                PostToolUse ??= hook;
                break;
            case HookEventNames.PostToolUseFailure:
                PostToolUseFailure ??= hook;
                break;
        }

        if (Name is null && hook.ToolUse?.ToolName is { } name)
        {
            Name = name;
        }

        if (Input.ValueKind == JsonValueKind.Undefined && hook.ToolUse is { ToolInput.ValueKind: not JsonValueKind.Undefined } view)
        {
            Input = view.ToolInput;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name ?? "?"} {Id}{(IsError ? " (error)" : string.Empty)}";
}
