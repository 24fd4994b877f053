using Microsoft.Extensions.Options;

namespace CcTracer.Storage;

/// <summary>
/// Fails start-up, with a message naming the directory, when logs could not be written — better
/// than a server that accepts traffic and silently records nothing.
/// </summary>
internal sealed class TraceStoreOptionsValidator : IValidateOptions<TraceStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, TraceStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.LogDirectory))
        {
            failures.Add("LogDirectory must be set.");
        }
        else
        {
            try
            {
                OwnerOnly.CreateDirectory(options.LogDirectory);
                var probe = Path.Combine(options.LogDirectory, $".write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
                File.WriteAllBytes(probe, []);
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                failures.Add($"Log directory '{options.LogDirectory}' is not writable: {e.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.MaskKeyFile))
        {
            failures.Add("MaskKeyFile must be set.");
        }

        if (options.MaxPendingRecords is < 16 or > 10_000_000)
        {
            failures.Add($"MaxPendingRecords must be between 16 and 10,000,000 (was {options.MaxPendingRecords}).");
        }

        if (options.MaxOpenFiles is < 1 or > 65_536)
        {
            failures.Add($"MaxOpenFiles must be between 1 and 65,536 (was {options.MaxOpenFiles}).");
        }

        if (options.MaxBodyBytes < 1024)
        {
            failures.Add($"MaxBodyBytes must be at least 1024 (was {options.MaxBodyBytes}).");
        }

        if (options.LiveFeedBuffer is < 16 or > 1_000_000)
        {
            failures.Add($"LiveFeedBuffer must be between 16 and 1,000,000 (was {options.LiveFeedBuffer}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
