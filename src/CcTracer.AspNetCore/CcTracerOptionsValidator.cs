using Microsoft.Extensions.Options;

namespace CcTracer.AspNetCore;

/// <summary>Fails start-up with a readable message rather than proxying to nowhere.</summary>
internal sealed class CcTracerOptionsValidator : IValidateOptions<CcTracerOptions>
{
    public ValidateOptionsResult Validate(string? name, CcTracerOptions options)
    {
        var failures = new List<string>();
        if (!UpstreamUrl.IsValid(options.Upstream))
        {
            failures.Add($"Upstream must be an absolute http(s) URL (was '{options.Upstream}').");
        }

        if (options.UpstreamConnectTimeout <= TimeSpan.Zero || options.UpstreamResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add("Upstream timeouts must be positive.");
        }

        if (options.CaptureQueueChunks is < 16 or > 10_000_000)
        {
            failures.Add($"CaptureQueueChunks must be between 16 and 10,000,000 (was {options.CaptureQueueChunks}).");
        }

        if (options.MaxHookBytes < 1024)
        {
            failures.Add($"MaxHookBytes must be at least 1024 (was {options.MaxHookBytes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
