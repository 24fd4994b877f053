using System.Text.Json;

namespace CcTracer.Replay;

/// <summary>
/// A cheap fingerprint of a Messages request that survives the run-to-run noise (session ids, dates,
/// metadata): whether it asks for a stream, whether it offers tools (<see langword="null"/>: no <c>tools</c> key), and the user's own words in its first user message. Lenient replay
/// uses it to tell concurrent calls apart — Claude Code's tool-less title call and its main loop race, so
/// their arrival order differs between the recording and the replay.
/// </summary>
internal readonly record struct RequestSignature(bool Streams, bool? HasTools, string? FirstUserText)
{
    public static RequestSignature Of(JsonElement request)
        => new(
            RecordedJson.Property(request, "stream") is { ValueKind: JsonValueKind.True },
            RecordedJson.Property(request, "tools") is { ValueKind: JsonValueKind.Array } tools ? tools.GetArrayLength() > 0 : null,
            FirstUserTextOf(request));

    /// <summary>One asks for a stream and the other does not: the answer would be the wrong kind of body (no events at all for a streaming client).</summary>
    public bool StreamDisagrees(RequestSignature other) => Streams != other.Streams;

    /// <summary>Both say whether they offer tools, and one does while the other does not: surely different calls.</summary>
    public bool ToolsDisagree(RequestSignature other) => HasTools is { } mine && other.HasTools is { } theirs && mine != theirs;

    /// <summary>
    /// How alike two requests look: streaming agreeing weighs most, then tools, then the text, so the
    /// best match disagrees on streaming or tools only when no exchange left agrees.
    /// </summary>
    public int Likeness(RequestSignature other)
        => (Streams == other.Streams ? 4 : 0)
            + (HasTools is not null && HasTools == other.HasTools ? 2 : 0)
            + (FirstUserText is not null && string.Equals(FirstUserText, other.FirstUserText, StringComparison.Ordinal) ? 1 : 0);

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
