using CcTracer.Storage;

namespace CcTracer.Replay;

/// <summary>
/// Joins a session's tool calls across the API and hook tiers by <c>tool_use_id</c> — the <c>tool_use</c>
/// block, the PreToolUse/PostToolUse(/PostToolUseFailure) hooks, the <c>tool_result</c> and the timings —
/// over records as they arrive (e.g. from the live feed or <see cref="SessionLogReader"/>). For a finished
/// log, <see cref="RecordedSession.ToolCalls"/> gives the same.
/// </summary>
/// <remarks>Not thread-safe: one reader adds records.</remarks>
public sealed class ToolCallCorrelator
{
    private readonly List<StoredRecord> _records = [];
    private IReadOnlyList<RecordedToolCall>? _calls;

    /// <summary>Records added so far.</summary>
    public int Count => _records.Count;

    /// <summary>Adds a record of the session (any type; only exchanges and hooks matter).</summary>
    /// <param name="record">The record.</param>
    public void Add(StoredRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records.Add(record);
        _calls = null;
    }

    /// <summary>
    /// The tool calls as joined from the records added so far, in order. A call whose result has not
    /// arrived yet has a <see langword="null"/> <see cref="RecordedToolCall.Result"/>.
    /// </summary>
    public IReadOnlyList<RecordedToolCall> ToolCalls
    {
        get
        {
            if (_calls is null)
            {
                // A later record can complete an earlier call (its result, its Post hook), so the join is
                // redone over all records rather than patched.
                var ordered = _records.OrderBy(r => r.Seq).ToList();
                _calls = SessionModel.Build(ordered).ToolCalls;
            }

            return _calls;
        }
    }

    /// <summary>Joins the tool calls of a list of records in one go.</summary>
    /// <param name="records">The session's records.</param>
    /// <returns>The tool calls, in order.</returns>
    public static IReadOnlyList<RecordedToolCall> Correlate(IEnumerable<StoredRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return SessionModel.Build(records.OrderBy(r => r.Seq).ToList()).ToolCalls;
    }
}
