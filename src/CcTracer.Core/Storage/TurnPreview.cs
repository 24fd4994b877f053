using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>
/// What a summary says about a turn's content blocks — its tool calls, thinking and the start of
/// its answer — gathered one block at a time. Shared by the summary of a stored line
/// (<see cref="RecordSummarizer"/>) and of a record in memory (<see cref="ResponseSummarizer"/>),
/// so the two cannot disagree.
/// </summary>
internal sealed class TurnPreview
{
    private readonly List<string> _toolIds = [];
    private readonly List<string> _toolNames = [];
    private readonly List<string> _calls = [];
    private string? _thinking;
    private string? _text;

    /// <summary>A thinking block: <paramref name="hasText"/> when its thinking is not empty.</summary>
    public void Thinking(bool hasText)
    {
        // "omitted" while every thinking block so far is empty but signed (the model thought, the
        // API did not show it: display "omitted"), "shown" once one has text.
        _thinking = _thinking == "shown" || hasText ? "shown" : "omitted";
    }

    /// <summary>A <c>tool_use</c> or <c>server_tool_use</c> block with an id.</summary>
    public void ToolUse(string id, string? name, string? argument)
    {
        _toolIds.Add(id);

        // Distinct names: the UI's tool filter finds turns by them even without hooks.
        if (name is { Length: > 0 } && !_toolNames.Contains(name))
        {
            _toolNames.Add(name);
        }

        _calls.Add(RecordSummarizer.ToolCallPreview(name, argument));
    }

    /// <summary>Whether a text block's head is still wanted (only the first text is shown).</summary>
    public bool WantsText => _text is null;

    /// <summary>A text block's head (null when it is not a string).</summary>
    public void Text(string? head) => _text ??= head;

    /// <summary>Writes <c>tool_use_ids</c>, <c>tool_names</c>, <c>thinking</c> and <c>preview</c>.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        RecordSummarizer.WriteStrings(writer, "tool_use_ids", _toolIds);
        RecordSummarizer.WriteStrings(writer, "tool_names", _toolNames);
        if (_thinking is not null)
        {
            writer.WriteString("thinking", _thinking);
        }

        // What the turn did: its tool calls ("Bash: echo hi"), else the start of its answer.
        RecordSummarizer.WritePreview(writer, _calls.Count > 0 ? string.Join(", ", _calls) : _text);
    }
}
