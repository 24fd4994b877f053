using System.Text.Json.Nodes;
using CcTracer.Analysis;
using CcTracer.Analysis.Pricing;
using CcTracer.Storage;
using CcTracer.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace CcTracer.Core.Tests.Analysis;

/// <summary>
/// A session of real Claude Code request bodies through the simulated prompt cache on a fake clock,
/// read back through <see cref="SessionLogReader"/> and fed to a <see cref="SessionAnalyzer"/>.
/// </summary>
internal sealed class AnalyzedSession
{
    public AnalyzedSession() => Log = new SimulatedSessionLog("analysis-session", Time);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    public SimulatedSessionLog Log { get; }

    /// <summary>A call, then the clock moves on by <paramref name="after"/> (default 20 s, well inside the TTL).</summary>
    public long Call(JsonObject body, TimeSpan? after = null, IReadOnlyDictionary<string, string>? headers = null, IReadOnlyDictionary<string, string>? responseHeaders = null, JsonObject? messageExtras = null, IReadOnlyList<double>? offsets = null)
    {
        var seq = Log.Call(body, headers, responseHeaders: responseHeaders, messageExtras: messageExtras, eventOffsetsMs: offsets);
        Time.Advance(after ?? TimeSpan.FromSeconds(20));
        return seq;
    }

    public async Task<SessionAnalyzer> AnalyzeAsync(PricingTable? pricing = null, AnalysisOptions? options = null)
    {
        var analyzer = new SessionAnalyzer(pricing ?? PricingTable.BuiltIn, options ?? new AnalysisOptions());
        using var stream = Log.ToStream();
        await foreach (var record in SessionLogReader.ReadAsync(stream, cancellationToken: Xunit.TestContext.Current.CancellationToken))
        {
            analyzer.Add(record);
        }

        return analyzer;
    }

    /// <summary>The fixture bodies with a date line in system block 2, as Claude Code puts today's date in its prompt.</summary>
    public static JsonObject Dated(JsonObject body, string date)
        => RequestBodies.WithSystemEdit(body, 2, "using your own judgment along the way.", $"using your own judgment along the way.\nToday's date is {date}.");
}
