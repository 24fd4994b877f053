namespace CcTracer.Turns;

/// <summary>Tuning for <see cref="TurnAssembler"/>.</summary>
public sealed class TurnAssemblerOptions
{
    /// <summary>The default <see cref="StallThreshold"/>: two seconds.</summary>
    public static readonly TimeSpan DefaultStallThreshold = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A gap between consecutive SSE events longer than this is reported in <see cref="TurnTimings.Stalls"/>.
    /// Anthropic sends <c>ping</c> events while the model works, so a long gap usually means the network or
    /// the upstream stalled rather than a slow model.
    /// </summary>
    public TimeSpan StallThreshold { get; set; } = DefaultStallThreshold;
}
