namespace CcTracer.Hooks;

/// <summary>
/// The hook event names Claude Code fires (2.1.332: 34; 2.1.197 knew the first 29), and what each one
/// allows in a settings file.
/// </summary>
/// <remarks>
/// A payload with a name not listed here is still a valid <see cref="HookEvent"/>: newer Claude Code
/// releases add events, and the tracer must record them rather than drop them.
/// </remarks>
public static class HookEventNames
{
    /// <summary>Before a tool call runs.</summary>
    public const string PreToolUse = "PreToolUse";

    /// <summary>After a tool call succeeded.</summary>
    public const string PostToolUse = "PostToolUse";

    /// <summary>After a tool call failed.</summary>
    public const string PostToolUseFailure = "PostToolUseFailure";

    /// <summary>After every tool call of one assistant turn has finished.</summary>
    public const string PostToolBatch = "PostToolBatch";

    /// <summary>When the user submits a prompt.</summary>
    public const string UserPromptSubmit = "UserPromptSubmit";

    /// <summary>When a slash command expands into a prompt.</summary>
    public const string UserPromptExpansion = "UserPromptExpansion";

    /// <summary>When the main agent finishes its turn.</summary>
    public const string Stop = "Stop";

    /// <summary>When a turn ends because of an API error.</summary>
    public const string StopFailure = "StopFailure";

    /// <summary>When a subagent starts.</summary>
    public const string SubagentStart = "SubagentStart";

    /// <summary>When a subagent finishes.</summary>
    public const string SubagentStop = "SubagentStop";

    /// <summary>When a session starts or resumes. Claude Code refuses http hooks for it.</summary>
    public const string SessionStart = "SessionStart";

    /// <summary>When a session ends.</summary>
    public const string SessionEnd = "SessionEnd";

    /// <summary>During <c>--init</c>/<c>--maintenance</c> runs. Claude Code refuses http hooks for it.</summary>
    public const string Setup = "Setup";

    /// <summary>When Claude Code shows a notification.</summary>
    public const string Notification = "Notification";

    /// <summary>Before the conversation is compacted.</summary>
    public const string PreCompact = "PreCompact";

    /// <summary>After the conversation was compacted.</summary>
    public const string PostCompact = "PostCompact";

    /// <summary>When a permission dialog is about to appear.</summary>
    public const string PermissionRequest = "PermissionRequest";

    /// <summary>When a tool call was denied without asking (auto mode).</summary>
    public const string PermissionDenied = "PermissionDenied";

    /// <summary>When an MCP server asks the user for input.</summary>
    public const string Elicitation = "Elicitation";

    /// <summary>When the user answered an MCP elicitation.</summary>
    public const string ElicitationResult = "ElicitationResult";

    /// <summary>When a CLAUDE.md or rules file is loaded.</summary>
    public const string InstructionsLoaded = "InstructionsLoaded";

    /// <summary>When a settings file changes during a session.</summary>
    public const string ConfigChange = "ConfigChange";

    /// <summary>When the working directory changes.</summary>
    public const string CwdChanged = "CwdChanged";

    /// <summary>When a watched file changes on disk.</summary>
    public const string FileChanged = "FileChanged";

    /// <summary>When a task is created.</summary>
    public const string TaskCreated = "TaskCreated";

    /// <summary>When a task is completed.</summary>
    public const string TaskCompleted = "TaskCompleted";

    /// <summary>When an agent-team teammate goes idle.</summary>
    public const string TeammateIdle = "TeammateIdle";

    /// <summary>When a worktree is created.</summary>
    public const string WorktreeCreate = "WorktreeCreate";

    /// <summary>When a worktree is removed.</summary>
    public const string WorktreeRemove = "WorktreeRemove";

    /// <summary>Before the session's model is switched (new in 2.1.332).</summary>
    public const string PreModelSwitch = "PreModelSwitch";

    /// <summary>After the session's model was switched (new in 2.1.332).</summary>
    public const string PostModelSwitch = "PostModelSwitch";

    /// <summary>When a directory is added to the session's workspace (new in 2.1.332).</summary>
    public const string DirectoryAdded = "DirectoryAdded";

    /// <summary>When Claude Code displays a message (new in 2.1.332).</summary>
    public const string MessageDisplay = "MessageDisplay";

    /// <summary>Before a skill runs a shell command (new in 2.1.332).</summary>
    public const string PreSkillShellCommand = "PreSkillShellCommand";

    /// <summary>All 34 event names of Claude Code 2.1.332, in lifecycle order.</summary>
    /// <remarks>
    /// The settings merger installs a hook for each; an older Claude Code ignores the names it does
    /// not know (2.1.197 runs normally with all 34 installed).
    /// </remarks>
    public static IReadOnlyList<string> All { get; } =
    [
        Setup, SessionStart, UserPromptSubmit, UserPromptExpansion, PreModelSwitch, PostModelSwitch,
        PreToolUse, PermissionRequest, PermissionDenied, PostToolUse, PostToolUseFailure, PostToolBatch,
        PreSkillShellCommand, SubagentStart, SubagentStop, TaskCreated, TaskCompleted,
        Stop, StopFailure, TeammateIdle, PreCompact, PostCompact,
        Notification, MessageDisplay, Elicitation, ElicitationResult, InstructionsLoaded, ConfigChange,
        CwdChanged, DirectoryAdded, FileChanged, WorktreeCreate, WorktreeRemove, SessionEnd,
    ];

    /// <summary>
    /// Events for which Claude Code skips <c>http</c> hooks ("HTTP hooks are not supported for
    /// SessionStart"): a tracer must register a <c>command</c> hook that forwards stdin instead.
    /// </summary>
    public static IReadOnlyList<string> HttpHooksUnsupported { get; } = [SessionStart, Setup];

    /// <summary>
    /// Events whose matcher is compared with the tool name (<c>tool_name</c>).
    /// </summary>
    /// <remarks>
    /// Other events either match on a different field (SessionStart on <c>source</c>, PreCompact on
    /// <c>trigger</c>, Notification on <c>notification_type</c>, …) or ignore the matcher entirely
    /// (UserPromptSubmit, Stop, …). Claude Code treats <c>"*"</c>, <c>""</c> and a missing matcher as
    /// "match all" in every case, so a <c>"matcher": "*"</c> group is harmless on any event; the
    /// settings merger writes it everywhere to keep one shape.
    /// </remarks>
    public static IReadOnlyList<string> ToolMatcherEvents { get; } =
        [PreToolUse, PostToolUse, PostToolUseFailure, PermissionRequest, PermissionDenied];

    /// <summary>Whether Claude Code accepts an <c>http</c> hook for <paramref name="eventName"/>.</summary>
    /// <param name="eventName">A hook event name; unknown names are assumed to accept http hooks.</param>
    /// <returns><see langword="false"/> for <see cref="SessionStart"/> and <see cref="Setup"/>.</returns>
    public static bool SupportsHttpHooks(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        return !HttpHooksUnsupported.Contains(eventName, StringComparer.Ordinal);
    }

    /// <summary>Whether the matcher of <paramref name="eventName"/> is compared with the tool name.</summary>
    /// <param name="eventName">A hook event name.</param>
    /// <returns><see langword="true"/> for the tool events listed in <see cref="ToolMatcherEvents"/>.</returns>
    public static bool MatchesToolName(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        return ToolMatcherEvents.Contains(eventName, StringComparer.Ordinal);
    }
}
