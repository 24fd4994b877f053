using CcTracer.Analysis.Pricing;
using Microsoft.Extensions.Options;

namespace CcTracer.Analysis;

/// <summary>Fails start-up on thresholds out of range or a pricing file that cannot be read, saying which.</summary>
internal sealed class AnalysisOptionsValidator : IValidateOptions<AnalysisOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalysisOptions options)
    {
        var failures = new List<string>();
        if (options.StallThreshold <= TimeSpan.Zero || options.StallThreshold > TimeSpan.FromMinutes(10))
        {
            failures.Add($"StallThreshold must be more than 0 and at most 10 minutes (was {options.StallThreshold}).");
        }

        if (!(options.HitRatio is > 0 and <= 1))
        {
            failures.Add($"HitRatio must be more than 0 and at most 1 (was {options.HitRatio}).");
        }

        if (!string.IsNullOrWhiteSpace(options.PricingFile))
        {
            try
            {
                PricingTable.Load(options.PricingFile);
            }
            catch (InvalidDataException e)
            {
                failures.Add(e.Message);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
