using System.Globalization;

namespace CcTracer.Replay;

/// <summary>
/// A lenient replay answered a request with a recorded exchange whose request differs from it (a "London"
/// question got the recorded "Paris" answer). Reported through <see cref="ReplayOptions.OnDeviation"/>,
/// <see cref="ReplayScript.Deviations"/>, the replay server's log and <c>cc-tracer replay</c>'s summary,
/// so a replay never passes for the recorded run when it was not.
/// </summary>
public sealed class ReplayDeviation
{
    internal ReplayDeviation(int requestNumber, string method, string pathAndQuery, RecordedTurn recorded, IReadOnlyList<ReplayDifference> differences)
    {
        RequestNumber = requestNumber;
        Method = method;
        PathAndQuery = pathAndQuery;
        Recorded = recorded;
        Differences = differences;
    }

    /// <summary>The 1-based number of the request among all the replay received.</summary>
    public int RequestNumber { get; }

    /// <summary>The request's method.</summary>
    public string Method { get; }

    /// <summary>The request's path and query.</summary>
    public string PathAndQuery { get; }

    /// <summary>The recorded exchange that answered it.</summary>
    public RecordedTurn Recorded { get; }

    /// <summary>
    /// The first difference in each compared field that differs (<see cref="ReplayOptions.ComparedFields"/>,
    /// minus <see cref="ReplayOptions.IgnoredPaths"/>), in that order; never empty.
    /// </summary>
    public IReadOnlyList<ReplayDifference> Differences { get; }

    /// <summary><c>Request #N (POST /v1/messages) was answered with recorded exchange #I, which differs: path: expected X got Y; …</c>.</summary>
    /// <returns>The readable report.</returns>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"Request #{RequestNumber} ({Method} {PathAndQuery}) was answered with recorded exchange #{Recorded.Index}, which differs: {string.Join("; ", Differences)}");
}
