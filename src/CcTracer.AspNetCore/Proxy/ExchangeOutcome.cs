namespace CcTracer.AspNetCore.Proxy;

/// <summary>How a forwarded call ended, as the client and the record see it.</summary>
/// <param name="ClientStatus">The status to answer with when the response has not started (502/504), else <see langword="null"/>.</param>
/// <param name="Message">What went wrong, or <see langword="null"/> when the call completed.</param>
/// <param name="RecordStatus">The status to record when upstream never answered.</param>
internal readonly record struct ExchangeOutcome(int? ClientStatus, string? Message, int? RecordStatus);
