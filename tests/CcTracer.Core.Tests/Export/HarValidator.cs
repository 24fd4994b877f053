using System.Diagnostics;
using CcTracer.TestKit;

namespace CcTracer.Core.Tests.Export;

/// <summary>
/// The npm package <c>har-validator</c> (HAR 1.2's JSON Schema, <c>har-schema</c>, run by ajv), run with
/// node: a validator the project did not write. scripts/test.sh installs it into .tools/har/.
/// </summary>
internal static class HarValidator
{
    public const string Variable = "CC_TRACER_HAR_VALIDATOR";

    private const string Script = """
        const v = require(process.argv[1]);
        const har = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
        v.har(har).then(() => console.log('valid'), (e) => { console.log(JSON.stringify(e.errors || e.message)); process.exit(1); });
        """;

    /// <summary>Null when the file is valid HAR 1.2; otherwise the validator's errors.</summary>
    public static async Task<string?> ValidateAsync(string harPath, CancellationToken cancellationToken)
    {
        var module = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : Path.Combine(RepositoryPaths.Root, ".tools", "har", "node_modules", "har-validator");
        if (!Directory.Exists(module))
        {
            throw new InvalidOperationException($"har-validator not found at '{module}': run scripts/test.sh (it installs it) or 'npm install --prefix .tools/har har-validator@5.1.5', or set {Variable}.");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-e", Script, module, harPath })
        {
            start.ArgumentList.Add(arg);
        }

        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await node.StandardError.ReadToEndAsync(cancellationToken);
        await node.WaitForExitAsync(cancellationToken);
        return node.ExitCode == 0 && output.Trim() == "valid" ? null : output + error;
    }
}
