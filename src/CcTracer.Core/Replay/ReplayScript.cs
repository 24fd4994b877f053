using System.Globalization;
using System.Text;
using CcTracer.Storage;

namespace CcTracer.Replay;

/// <summary>
/// The matching logic of a replay, shared by <see cref="ReplayHandler"/> and the replay server: hands out
/// the recorded exchanges in order, each kind of call (<c>messages</c>, <c>count_tokens</c>, any other
/// <c>/v1</c> path) in its own order, and in strict mode checks each request against the recorded one.
/// Within a kind, a request takes the first unserved exchange that looks most like it (tools or none, then
/// the first user text; see <see cref="RequestSignature"/>), so calls a client makes concurrently (Claude
/// Code's title call and its main loop) find their own answers whichever arrives first. Thread-safe.
/// </summary>
public sealed class ReplayScript
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<(RecordedTurn Turn, RequestSignature Signature)>> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _recordedCounts = new(StringComparer.Ordinal);
    private int _requests;
    private int _served;

    /// <summary>Creates a script over a recorded session.</summary>
    /// <param name="session">The recording.</param>
    /// <param name="options">Matching and pacing; <see langword="null"/> for in-order, lenient, no delay.</param>
    public ReplayScript(RecordedSession session, ReplayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
        Options = options ?? new ReplayOptions();
        foreach (var exchange in session.Exchanges)
        {
            if (exchange.RequestRecord is null)
            {
                // A response whose request is not in the log cannot be matched to anything.
                continue;
            }

            var key = KeyOf(exchange.Method, exchange.Path);
            if (!_queues.TryGetValue(key, out var queue))
            {
                _queues[key] = queue = [];
            }

            queue.Add((exchange, RequestSignature.Of(exchange.Request)));
            _recordedCounts[key] = _recordedCounts.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>The recording.</summary>
    public RecordedSession Session { get; }

    /// <summary>The options in force.</summary>
    public ReplayOptions Options { get; }

    /// <summary>Exchanges answered so far.</summary>
    public int Served
    {
        get
        {
            lock (_lock)
            {
                return _served;
            }
        }
    }

    /// <summary>Recorded exchanges not requested yet, in recorded order.</summary>
    public IReadOnlyList<RecordedTurn> Unserved
    {
        get
        {
            lock (_lock)
            {
                return _queues.Values.SelectMany(q => q).Select(e => e.Turn).OrderBy(t => t.Index).ToArray();
            }
        }
    }

    /// <summary>
    /// The recorded exchange that answers this request: the next one of its kind that looks most like it
    /// (in recorded order among equals). Throws when there is
    /// none, or (strict mode) when the request differs from it; a mismatch does not consume the exchange.
    /// </summary>
    /// <param name="method">The request method.</param>
    /// <param name="pathAndQuery">The request path and query, e.g. <c>/v1/messages?beta=true</c>.</param>
    /// <param name="body">The request body.</param>
    /// <returns>The exchange to answer with.</returns>
    /// <exception cref="ReplayMismatchException">The recording has no answer for this request.</exception>
    public RecordedTurn Next(string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var key = KeyOf(method, pathAndQuery);
        lock (_lock)
        {
            var number = ++_requests;
            var what = $"Request #{number} ({method} {pathAndQuery})";
            if (!_queues.TryGetValue(key, out var queue))
            {
                throw new ReplayMismatchException(
                    $"{what}: the recording has no {Describe(key)} exchange. Recorded: {DescribeRecorded()}.");
            }

            if (queue.Count == 0)
            {
                throw new ReplayMismatchException(
                    $"{what} is one too many: the recording holds {_recordedCounts[key]} {Describe(key)} exchange(s) and all were already served. " +
                    "The harness made more calls than the recorded session.");
            }

            var actual = RecordedJson.TryParse(body);
            var signature = RequestSignature.Of(actual);
            var at = BestMatch(queue, signature);
            var recorded = queue[at].Turn;
            if (signature.ToolsDisagree(queue[at].Signature))
            {
                // A call with tools is never a tool-less side call (a title) and the reverse: answering it with the
                // other kind's turn would steal that turn from the call it belongs to and derail the session.
                throw new ReplayMismatchException(
                    $"{what}: no recorded exchange {(signature.HasTools == true ? "with" : "without")} tools is left to answer it (the recording did not make this call).");
            }

            if (Options.Strict)
            {
                if (RequestComparer.FirstDifference(recorded.Request, actual, Options) is { } difference)
                {
                    throw new ReplayMismatchException(
                        $"{what} differs from recorded exchange #{recorded.Index} (seq {recorded.RequestRecord?.Seq}): {difference}",
                        difference,
                        recorded);
                }
            }

            queue.RemoveAt(at);
            _served++;
            if (recorded.ResponseRecord is null)
            {
                throw new ReplayMismatchException(
                    $"{what}: recorded exchange #{recorded.Index} has no response in the log (the recording ended mid-exchange).",
                    null,
                    recorded);
            }

            return recorded;
        }
    }

    /// <summary>Throws when recorded exchanges were never requested: the harness stopped early.</summary>
    /// <exception cref="ReplayMismatchException">Some exchanges were not served.</exception>
    public void VerifyAllServed()
    {
        var unserved = Unserved;
        if (unserved.Count == 0)
        {
            return;
        }

        var list = new StringBuilder();
        foreach (var turn in unserved.Take(10))
        {
            list.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  #{turn.Index} {turn.Method} {turn.Path}");
        }

        throw new ReplayMismatchException(
            $"{unserved.Count} recorded exchange(s) were never requested: the harness made fewer calls than the recorded session.{list}");
    }

    /// <summary>The index of the first exchange with the highest likeness; 0 when none looks alike.</summary>
    private static int BestMatch(List<(RecordedTurn Turn, RequestSignature Signature)> queue, RequestSignature request)
    {
        var best = 0;
        var bestLikeness = -1;
        for (var i = 0; i < queue.Count; i++)
        {
            var likeness = request.Likeness(queue[i].Signature);
            if (likeness > bestLikeness)
            {
                (best, bestLikeness) = (i, likeness);
            }
        }

        return best;
    }

    private static string KeyOf(string method, string pathAndQuery)
    {
        var kind = ApiKinds.FromPath(pathAndQuery);
        if (kind != ApiKinds.Other)
        {
            return kind;
        }

        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = (q >= 0 ? pathAndQuery[..q] : pathAndQuery).TrimEnd('/');
        var v1 = path.IndexOf("/v1/", StringComparison.OrdinalIgnoreCase);
        return $"{method.ToUpperInvariant()} {(v1 >= 0 ? path[v1..] : path)}";
    }

    private static string Describe(string key) => key switch
    {
        ApiKinds.Messages => "/v1/messages",
        ApiKinds.CountTokens => "/v1/messages/count_tokens",
        _ => key,
    };

    private string DescribeRecorded()
        => _recordedCounts.Count == 0
            ? "nothing"
            : string.Join(", ", _recordedCounts.Select(kv => $"{Describe(kv.Key)} ×{kv.Value}"));
}
