using System.Text.Json;

namespace CcTracer.Replay;

/// <summary>
/// A cheap fingerprint of a Messages request that survives the run-to-run noise (session ids, dates,
/// metadata): whether it offers tools (<see langword="null"/>: no <c>tools</c> key), and the user's own words in its first user message. Lenient replay
/// uses it to tell concurrent calls apart — Claude Code's tool-less title call and its main loop race, so
/// their arrival order differs between the recording and the replay.
/// </summary>
internal readonly record struct RequestSignature(bool? HasTools, string? FirstUserText)
{
    public static RequestSignature Of(JsonElement request)
        => new(RecordedJson.Property(request, "tools") is { ValueKind: JsonValueKind.Array } tools ? tools.GetArrayLength() > 0 : null, FirstUserTextOf(request));

    /// <summary>Both say whether they offer tools, and one does while the other does not: surely different calls.</summary>
    public bool ToolsDisagree(RequestSignature other) => HasTools is { } mine && other.HasTools is { } theirs && mine != theirs;

    /// <summary>How alike two requests look: tools agreeing weighs more than the text, so text alone never pairs a title call with a main-loop call.</summary>
    public int Likeness(RequestSignature other)
        => (HasTools is not null && HasTools == other.HasTools ? 2 : 0) + (FirstUserText is not null && string.Equals(FirstUserText, other.FirstUserText, StringComparison.Ordinal) ? 1 : 0);

    /// <summary>
    /// The last text of the first user message: Claude Code puts its context reminders (which hold the date)
    /// first and the prompt last, so this is the prompt itself.
    /// </summary>
    private static string? FirstUserTextOf(JsonElement request)
    {
        if (RecordedJson.Property(request, "messages") is not { ValueKind: JsonValueKind.Array } messages)
        {
            return null;
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (RecordedJson.String(message, "role") != "user")
            {
                continue;
            }

            return RecordedJson.Property(message, "content") switch
            {
                { ValueKind: JsonValueKind.String } text => text.GetString(),
                { ValueKind: JsonValueKind.Array } blocks => blocks.EnumerateArray().Where(b => RecordedJson.String(b, "type") == "text").Select(b => RecordedJson.String(b, "text")).LastOrDefault(),
                _ => null,
            };
        }

        return null;
    }
}
