using System.Globalization;
using System.Text.Json.Nodes;
using CcTracer.Hooks;

namespace CcTracer.Settings;

/// <summary>
/// Builds the tracer's hook entries and recognises them again by content, never by position.
/// </summary>
/// <remarks>
/// Markers: an <c>http</c> entry carries the header <see cref="MarkerHeader"/>; a <c>command</c> entry
/// ends with the shell comment <see cref="CommandMarker"/>. Both survive port and host changes, so a
/// merge with a new port replaces the old entries instead of adding a second set, and a user's own
/// hook pointing at a loopback <c>/hooks</c> URL is never mistaken for the tracer's.
/// </remarks>
internal sealed class TracerHooks
{
    internal const string MarkerHeader = "X-Cc-Tracer";
    internal const string CommandMarker = "# cc-tracer";

    private readonly string _baseUrl;
    private readonly int _timeoutSeconds;
    private readonly int _curlMaxSeconds;

    public TracerHooks(SettingsMergerOptions options)
    {
        var host = options.Host.Contains(':', StringComparison.Ordinal) && !options.Host.StartsWith('[') ? $"[{options.Host}]" : options.Host;
        _baseUrl = string.Create(CultureInfo.InvariantCulture, $"http://{host}:{options.Port}/hooks/");
        _timeoutSeconds = options.TimeoutSeconds;
        // curl must give up before Claude Code kills the hook, so a dead tracer never shows as a hook error.
        _curlMaxSeconds = Math.Clamp(options.TimeoutSeconds - 1, 1, 2);
    }

    public string Url(string eventName) => _baseUrl + eventName;

    /// <summary>
    /// A POSIX shell command forwarding stdin to the sink. The braces route every message (including
    /// "curl: not found") to /dev/null and <c>exit 0</c> makes failure invisible: Claude Code treats
    /// a non-zero exit or output from a SessionStart hook as something to show or inject.
    /// </summary>
    public string ForwardCommand(string eventName)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"{{ curl -s -m {_curlMaxSeconds} -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @- '{Url(eventName)}'; }} >/dev/null 2>&1; exit 0 {CommandMarker}");

    public JsonObject CreateEntry(string eventName)
        => HookEventNames.SupportsHttpHooks(eventName)
            ? new JsonObject
            {
                ["type"] = "http",
                ["url"] = Url(eventName),
                ["headers"] = new JsonObject { [MarkerHeader] = "1" },
                ["timeout"] = _timeoutSeconds,
            }
            : new JsonObject
            {
                ["type"] = "command",
                ["command"] = ForwardCommand(eventName),
                ["timeout"] = _timeoutSeconds,
            };

    public JsonObject CreateGroup(string eventName)
        => new()
        {
            // "*" matches all on events that match on a field and is ignored on the others.
            ["matcher"] = "*",
            ["hooks"] = new JsonArray(CreateEntry(eventName)),
        };

    public static bool IsTracerEntry(JsonNode? entry)
    {
        if (entry is not JsonObject obj || obj["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type))
        {
            return false;
        }

        if (type == "http")
        {
            return obj["headers"] is JsonObject headers && headers.ContainsKey(MarkerHeader);
        }

        return type == "command"
            && obj["command"] is JsonValue command
            && command.TryGetValue<string>(out var text)
            && text.TrimEnd().EndsWith(CommandMarker, StringComparison.Ordinal);
    }
}
