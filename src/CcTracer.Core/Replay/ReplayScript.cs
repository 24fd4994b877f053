using System.Globalization;
using System.Text;
using CcTracer.Storage;

namespace CcTracer.Replay;

/// <summary>
/// The matching logic of a replay, shared by <see cref="ReplayHandler"/> and the replay server: hands out
/// the recorded exchanges in order, each kind of call (<c>messages</c>, <c>count_tokens</c>, any other
/// <c>/v1</c> path) in its own order, and in strict mode checks each request against the recorded one.
/// Within a kind, a request takes the first unserved exchange that looks most like it (streamed or not, tools
/// or none, then the first user text; see <see cref="RequestSignature"/>); streaming or not must agree, so calls a client makes concurrently (Claude
/// Code's title call and its main loop) find their own answers whichever arrives first. Thread-safe.
/// </summary>
public sealed class ReplayScript
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<(RecordedTurn Turn, RequestSignature Signature)>> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _recordedCounts = new(StringComparer.Ordinal);
    private readonly List<ReplayDeviation> _deviations = [];
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

            // A hand-written or older log may lack "stream" in a request whose answer was streamed.
            var signature = RequestSignature.Of(exchange.Request);
            queue.Add((exchange, signature with { Streams = exchange.StreamRequested || exchange.IsStreamed }));
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
    /// The recorded exchange that answers this request: the next one of its kind that asked for a stream
    /// the same way and looks most like it (in recorded order among equals). Throws when there is none, or
    /// (strict mode) when the request differs from it; a mismatch does not consume the exchange. In lenient
    /// mode an answer whose recorded request differs is reported (<see cref="ReplayOptions.OnDeviation"/>,
    /// <see cref="Deviations"/>).
    /// </summary>
    /// <param name="method">The request method.</param>
    /// <param name="pathAndQuery">The request path and query, e.g. <c>/v1/messages?beta=true</c>.</param>
    /// <param name="body">The request body.</param>
    /// <returns>The exchange to answer with.</returns>
    /// <exception cref="ReplayMismatchException">The recording has no answer for this request.</exception>
    public RecordedTurn Next(string method, string pathAndQuery, ReadOnlySpan<byte> body) => Answer(method, pathAndQuery, body).Turn;

    /// <summary>Like <see cref="Next"/>, also returning the deviation it reported, if any (the replay server logs it).</summary>
    internal (RecordedTurn Turn, ReplayDeviation? Deviation) Answer(string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var answer = Match(method, pathAndQuery, body);
        if (answer.Deviation is { } deviation)
        {
            // Outside the lock: the callback is the user's code.
            Options.OnDeviation?.Invoke(deviation);
        }

        return answer;
    }

    /// <summary>Lenient answers whose recorded request differed from the one received, in the order they were served.</summary>
    public IReadOnlyList<ReplayDeviation> Deviations
    {
        get
        {
            lock (_lock)
            {
                return _deviations.ToArray();
            }
        }
    }

    private (RecordedTurn Turn, ReplayDeviation? Deviation) Match(string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
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
            if (signature.StreamDisagrees(queue[at].Signature))
            {
                // Answering a streaming client with a JSON body (or the reverse) gives it no events and no
                // error: the replay would look like an empty run instead of failing.
                var asked = signature.Streams ? "asks for a stream (\"stream\": true)" : "does not ask for a stream";
                var had = signature.Streams ? "was not streamed" : "was streamed";
                throw new ReplayMismatchException(
                    $"{what} {asked}, but every {Describe(key)} exchange left that could answer it {had} (next: #{recorded.Index}). " +
                    "Record the session with the same streaming setting.",
                    new ReplayDifference("stream", Flag(queue[at].Signature.Streams), Flag(signature.Streams)),
                    recorded);
            }

            if (signature.ToolsDisagree(queue[at].Signature))
            {
                // A call with tools is never a tool-less side call (a title) and the reverse: answering it with the
                // other kind's turn would steal that turn from the call it belongs to and derail the session.
                throw new ReplayMismatchException(
                    $"{what}: no recorded exchange {(signature.HasTools == true ? "with" : "without")} tools is left to answer it (the recording did not make this call).");
            }

            ReplayDeviation? deviation = null;
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
            else if (RequestComparer.FirstDifferencePerField(recorded.Request, actual, Options) is { Count: > 0 } differences)
            {
                deviation = new ReplayDeviation(number, method, pathAndQuery, recorded, differences);
                _deviations.Add(deviation);
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

            return (recorded, deviation);
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

    private static string Flag(bool streams) => streams ? "true" : "false";

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
