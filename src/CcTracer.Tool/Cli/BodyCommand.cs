using System.CommandLine;
using System.Security.Cryptography;
using CcTracer.Storage;

namespace CcTracer.Tool.Cli;

/// <summary>
/// <c>cc-tracer body &lt;session.jsonl|session-id&gt; &lt;seq&gt; [-o file]</c>: writes one record's body
/// exactly as it went over the wire — what upstream received for a request, what Claude Code
/// received for a response (still compressed if it was) — to stdout or a file, checked against the
/// SHA-256 taken at capture.
/// </summary>
internal static class BodyCommand
{
    /// <summary>The command, as <see cref="TracerCommandLine"/> registers it.</summary>
    public static Command Create(ToolOutput output)
    {
        var session = new Argument<string>("session") { Description = "A session log (.jsonl), or a session id in the log directory." };
        var seq = new Argument<long>("seq") { Description = "The record's sequence number (the # column of the UI)." };
        var file = new Option<string?>("--output", "-o") { Description = "Write the bytes to this file instead of stdout.", HelpName = "FILE" };
        var logDir = ToolOptions.LogDirectory();
        var command = new Command("body", "Write a recorded request's or response's exact body bytes (as sent over the wire) to stdout or a file.")
        {
            session, seq, file, logDir,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(session)!,
            parse.GetValue(seq),
            parse.GetValue(file),
            parse.GetValue(logDir) ?? TraceStoreOptions.DefaultLogDirectory(),
            output,
            Console.OpenStandardOutput,
            ct));
        return command;
    }

    /// <summary>Finds the record and writes its body; returns the exit code.</summary>
    /// <param name="session">A .jsonl path, or a session id in <paramref name="logDirectory"/>.</param>
    /// <param name="seq">The record.</param>
    /// <param name="outputPath">A file to write to, or <see langword="null"/> for <paramref name="stdout"/>.</param>
    /// <param name="logDirectory">Where session ids are looked up.</param>
    /// <param name="output">Errors and warnings go to its error stream.</param>
    /// <param name="stdout">Opens the stream the bytes go to without <paramref name="outputPath"/>.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async Task<int> RunAsync(string session, long seq, string? outputPath, string logDirectory, ToolOutput output, Func<Stream> stdout, CancellationToken cancellationToken)
    {
        var path = File.Exists(session) ? session : new SessionLogReader(Microsoft.Extensions.Options.Options.Create(new TraceStoreOptions { LogDirectory = logDirectory })).PathFor(session);
        if (!File.Exists(path))
        {
            output.Fail($"no session log '{session}' (neither a file nor a session in {logDirectory})");
            return ExitCodes.Usage;
        }

        StoredRecord? record = null;
        await foreach (var r in SessionLogReader.ReadFileAsync(path, seq - 1, null, cancellationToken).ConfigureAwait(false))
        {
            if (r.Seq == seq)
            {
                record = r;
                break;
            }
        }

        if (record is null || !record.HasBody)
        {
            output.Fail(record is null ? $"{Path.GetFileName(path)} has no record {seq}" : $"record {seq} is a {record.Type}, which has no body");
            return ExitCodes.Failure;
        }

        var body = record.GetExactBody();
        if (body.Bytes is null)
        {
            output.Fail($"record {seq}'s body is not all in the file (a chunk is missing)");
            return ExitCodes.Failure;
        }

        if (!body.Exact)
        {
            output.Warn("this v1 log kept the response decoded: these are the decoded bytes, not the compressed ones the client got");
        }

        if (body.Sha256 is { } sha && !sha.Equals(Convert.ToHexStringLower(SHA256.HashData(body.Bytes)), StringComparison.Ordinal))
        {
            output.Fail($"record {seq}'s body does not match the SHA-256 taken at capture ({sha})");
            return ExitCodes.Failure;
        }

        var target = outputPath is null ? stdout() : new FileStream(outputPath, FileMode.Create, FileAccess.Write);
        await using (target.ConfigureAwait(false))
        {
            await target.WriteAsync(body.Bytes, cancellationToken).ConfigureAwait(false);
            await target.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
