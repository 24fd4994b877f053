using CcTracer.Hooks;
using CcTracer.Storage;

namespace CcTracer.Replay;

/// <summary>
/// A session captured by the tracer, loaded as an object model: its API turns, hook events and tool
/// calls (joined across both by <c>tool_use_id</c>), token totals, and the queries a test asks. Load one
/// with <see cref="LoadAsync(string, CancellationToken)"/>; replay it to a harness with <see cref="ReplayHandler"/>.
/// </summary>
/// <example>
/// <code>
/// var session = await RecordedSession.LoadAsync("recordings/weather.jsonl", ct);
/// var call = session.ToolCallsNamed("get_weather").Single();
/// Assert.Equal("Paris", call.Input.GetProperty("city").GetString());
/// </code>
/// </example>
public sealed class RecordedSession
{
    private RecordedSession(string? sessionId, IReadOnlyList<StoredRecord> records, SessionModel model)
    {
        SessionId = sessionId;
        Records = records;
        Exchanges = model.Exchanges;
        Turns = model.Exchanges.Where(e => e.IsMessages).ToArray();
        Hooks = model.Hooks;
        ToolCalls = model.ToolCalls;
        Notices = model.Notices;
        Warnings = model.Warnings;
        Totals = Turns.Aggregate(TokenTotals.Zero, (sum, t) => sum.Add(t.Tokens));
        TotalsByModel = Turns
            .GroupBy(t => t.Model ?? "(unknown)", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Aggregate(TokenTotals.Zero, (sum, t) => sum.Add(t.Tokens)), StringComparer.Ordinal);
    }

    /// <summary>The session id of the records (the first one seen); <see langword="null"/> for an empty log.</summary>
    public string? SessionId { get; }

    /// <summary>Every record of the log, in order, including types this version does not model.</summary>
    public IReadOnlyList<StoredRecord> Records { get; }

    /// <summary>Every recorded <c>/v1/*</c> exchange (messages, count_tokens, others), in request order.</summary>
    public IReadOnlyList<RecordedTurn> Exchanges { get; }

    /// <summary>The Messages API turns (<c>/v1/messages</c>), in request order.</summary>
    public IReadOnlyList<RecordedTurn> Turns { get; }

    /// <summary>Every hook event, in log order.</summary>
    public IReadOnlyList<RecordedHook> Hooks { get; }

    /// <summary>
    /// Every tool call in the order it happened, joined by <c>tool_use_id</c>: the API turn that asked for it,
    /// its hooks, its <c>tool_result</c>, whether it failed and how long it took. This is the library's
    /// correlation API; <see cref="ToolCallCorrelator"/> gives the same over records arriving live.
    /// </summary>
    public IReadOnlyList<RecordedToolCall> ToolCalls { get; }

    /// <summary>The tracer's <c>notice</c> records.</summary>
    public IReadOnlyList<StoredRecord> Notices { get; }

    /// <summary>What could not be read (torn lines, malformed hooks, duplicate records). Never fatal.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Token usage summed over every Messages turn.</summary>
    public TokenTotals Totals { get; }

    /// <summary>Token usage per model (the model that answered, else the one requested).</summary>
    public IReadOnlyDictionary<string, TokenTotals> TotalsByModel { get; }

    /// <summary>The prompts of the <c>UserPromptSubmit</c> hooks, in order.</summary>
    public IReadOnlyList<string> Prompts
        => Hooks.Select(h => UserPromptSubmitHook.TryFrom(h.Event, out var p) ? p.Prompt : null).OfType<string>().ToArray();

    /// <summary>The first tool call that failed, or <see langword="null"/>.</summary>
    public RecordedToolCall? FirstFailingToolCall => ToolCalls.FirstOrDefault(c => c.IsError);

    /// <summary>The last Messages turn that has a message, or <see langword="null"/>.</summary>
    public RecordedTurn? LastTurn => Turns.LastOrDefault(t => t.Message is not null);

    /// <summary>The text of the last answered Messages turn: what the agent said last.</summary>
    public string? FinalText => LastTurn?.Text;

    /// <summary>The Messages turns answered by (or asked of) <paramref name="model"/>.</summary>
    /// <param name="model">A model id, compared exactly.</param>
    /// <returns>The turns, in order.</returns>
    public IReadOnlyList<RecordedTurn> TurnsByModel(string model)
        => Turns.Where(t => string.Equals(t.Model, model, StringComparison.Ordinal) || string.Equals(t.RequestedModel, model, StringComparison.Ordinal)).ToArray();

    /// <summary>The tool calls of the tool <paramref name="name"/>.</summary>
    /// <param name="name">A tool name, compared exactly (e.g. <c>Bash</c>).</param>
    /// <returns>The calls, in order.</returns>
    public IReadOnlyList<RecordedToolCall> ToolCallsNamed(string name)
        => ToolCalls.Where(c => string.Equals(c.Name, name, StringComparison.Ordinal)).ToArray();

    /// <summary>The hooks of one event name (e.g. <c>PreToolUse</c>), in order.</summary>
    /// <param name="eventName">The <c>hook_event_name</c>.</param>
    /// <returns>The hooks.</returns>
    public IReadOnlyList<RecordedHook> HooksNamed(string eventName)
        => Hooks.Where(h => string.Equals(h.EventName, eventName, StringComparison.Ordinal)).ToArray();

    /// <summary>Loads a session log file (<c>&lt;session&gt;.jsonl</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The session.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static async Task<RecordedSession> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No session log at '{path}'.", path);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            return await LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads a session log from a stream of JSONL records (read to the end, not disposed).</summary>
    /// <param name="stream">The JSONL.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The session.</returns>
    public static async Task<RecordedSession> LoadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var warnings = new List<string>();
        var records = new List<StoredRecord>();
        await foreach (var record in SessionLogReader.ReadAsync(stream, 0, warnings.Add, cancellationToken).ConfigureAwait(false))
        {
            records.Add(record);
        }

        return Build(records, warnings);
    }

    /// <summary>Builds a session from records already read (e.g. from <see cref="SessionLogReader"/>), in log order.</summary>
    /// <param name="records">The records.</param>
    /// <returns>The session.</returns>
    public static RecordedSession FromRecords(IEnumerable<StoredRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Build(records.ToList(), null);
    }

    private static RecordedSession Build(List<StoredRecord> records, IEnumerable<string>? warnings)
    {
        records.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        var model = SessionModel.Build(records, warnings);
        return new RecordedSession(records.Count > 0 ? records[0].SessionId : null, records, model);
    }
}
