using System.Globalization;
using System.Text.RegularExpressions;

namespace CcTracer.Benchmarks.Hooks;

/// <summary>What one <c>wrk --latency</c> run reported.</summary>
internal sealed partial record WrkResult(long Requests, long Non2xx, long SocketErrors, double RequestsPerSecond, double P50Ms, double P99Ms, double MaxMs)
{
    public long Ok => Requests - Non2xx;

    public static WrkResult Parse(string output)
    {
        long Long(Regex r) => r.Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var errors = SocketErrorsPattern().Match(output);
        long socketErrors = 0;
        if (errors.Success)
        {
            for (var i = 1; i <= 4; i++)
            {
                socketErrors += long.Parse(errors.Groups[i].Value, CultureInfo.InvariantCulture);
            }
        }

        return new WrkResult(
            Long(RequestsPattern()),
            Long(Non2xxPattern()),
            socketErrors,
            double.Parse(RatePattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(Percentile(output, "50%")),
            Milliseconds(Percentile(output, "99%")),
            Milliseconds(MaxPattern().Match(output).Groups[1].Value));
    }

    private static string Percentile(string output, string p)
        => Regex.Match(output, @"^\s*" + Regex.Escape(p) + @"\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;

    private static double Milliseconds(string value)
    {
        var m = DurationPattern().Match(value);
        if (!m.Success)
        {
            return double.NaN;
        }

        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "us" => n / 1000,
            "ms" => n,
            "s" => n * 1000,
            "m" => n * 60_000,
            _ => double.NaN,
        };
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsPattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxPattern();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsPattern();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"Latency\s+\S+\s+\S+\s+(\S+)")]
    private static partial Regex MaxPattern();

    [GeneratedRegex(@"^([\d.]+)(us|ms|s|m)$")]
    private static partial Regex DurationPattern();
}
