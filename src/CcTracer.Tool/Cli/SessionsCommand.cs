using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CcTracer.Storage;
using Microsoft.Extensions.Options;

namespace CcTracer.Tool.Cli;

/// <summary>
/// <c>cc-tracer sessions [--json]</c> lists the recorded sessions; <c>cc-tracer sessions prune
/// --older-than 30d [--max-total-size 2GB]</c> removes old ones. Prune never asks (it is meant for
/// cron and scripts) and prints every file it removed; it never touches a session that is still
/// active (no SessionEnd and written in the last ten minutes), so a running capture is safe.
/// </summary>
internal static class SessionsCommand
{
    /// <summary>The command, as <see cref="TracerCommandLine"/> registers it.</summary>
    public static Command Create(ToolOutput output)
    {
        var logDir = ToolOptions.LogDirectory();
        var json = new Option<bool>("--json") { Description = "One JSON array instead of a table." };
        var command = new Command("sessions", "List recorded sessions: id, size, first prompt, project and dates, newest first.") { logDir, json };
        command.SetAction((r, ct) => ListAsync(Directory(r.GetValue(logDir)), r.GetValue(json), output, ct));

        var olderThan = new Option<string?>("--older-than") { Description = "Remove sessions last written longer ago than this (e.g. 30d, 12h).", HelpName = "AGE" };
        var maxSize = new Option<string?>("--max-total-size") { Description = "Then remove the oldest sessions until all together fit in this size (e.g. 2GB, 500MB).", HelpName = "SIZE" };
        var pruneDir = ToolOptions.LogDirectory();
        var prune = new Command("prune", "Remove old sessions (never an active one), printing each file removed. Asks nothing.") { olderThan, maxSize, pruneDir };
        prune.SetAction((r, ct) => PruneAsync(Directory(r.GetValue(pruneDir)), r.GetValue(olderThan), r.GetValue(maxSize), output, TimeProvider.System, ct));
        command.Subcommands.Add(prune);
        return command;
    }

    private static string Directory(string? logDir) => Path.GetFullPath(logDir ?? TraceStoreOptions.DefaultLogDirectory());

    private static SessionLogReader Reader(string logDirectory)
        => new(Options.Create(new TraceStoreOptions { LogDirectory = logDirectory }));

    /// <summary>Prints the sessions; returns the exit code.</summary>
    public static async Task<int> ListAsync(string logDirectory, bool json, ToolOutput output, CancellationToken cancellationToken)
    {
        var sessions = System.IO.Directory.Exists(logDirectory) ? await Reader(logDirectory).ListSessionsAsync(cancellationToken).ConfigureAwait(false) : [];
        if (json)
        {
            var rows = sessions.Select(s => new Dictionary<string, object?>
            {
                ["session_id"] = s.SessionId, ["path"] = s.Path, ["bytes"] = s.Bytes, ["created"] = s.Created, ["modified"] = s.Modified,
                ["active"] = s.Active, ["turns"] = s.Turns, ["first_prompt"] = s.FirstPrompt, ["cwd"] = s.Cwd,
            });
            await output.Out.WriteLineAsync(JsonSerializer.Serialize(rows)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (sessions.Count == 0)
        {
            await output.Out.WriteLineAsync($"No sessions in {logDirectory}.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        foreach (var s in sessions)
        {
            var prompt = (s.FirstPrompt ?? string.Empty).ReplaceLineEndings(" ");
            prompt = prompt.Length > 60 ? prompt[..59] + "…" : prompt;
            await output.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{s.SessionId}  {Size(s.Bytes),9}  {s.Turns,4} turns  {s.Created:yyyy-MM-dd HH:mm} → {s.Modified:yyyy-MM-dd HH:mm}{(s.Active ? "  live" : string.Empty)}  {s.Cwd}  {prompt}")).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>Removes what the limits say; returns the exit code.</summary>
    public static async Task<int> PruneAsync(string logDirectory, string? olderThan, string? maxTotalSize, ToolOutput output, TimeProvider time, CancellationToken cancellationToken)
    {
        TimeSpan? age = null;
        long? cap = null;
        if (olderThan is not null && (age = ParseAge(olderThan)) is null)
        {
            output.Fail($"--older-than: '{olderThan}' is not an age such as 30d, 12h or 90m.");
            return ExitCodes.Usage;
        }

        if (maxTotalSize is not null && (cap = ParseSize(maxTotalSize)) is null)
        {
            output.Fail($"--max-total-size: '{maxTotalSize}' is not a size such as 2GB or 500MB.");
            return ExitCodes.Usage;
        }

        if (age is null && cap is null)
        {
            output.Fail("prune needs --older-than AGE and/or --max-total-size SIZE.");
            return ExitCodes.Usage;
        }

        var sessions = System.IO.Directory.Exists(logDirectory) ? await Reader(logDirectory).ListSessionsAsync(cancellationToken).ConfigureAwait(false) : [];
        var now = time.GetUtcNow();
        var doomed = new HashSet<SessionInfo>();
        foreach (var s in sessions.Where(s => !s.Active && age is { } a && now - s.Modified > a))
        {
            doomed.Add(s);
        }

        if (cap is { } limit)
        {
            var total = sessions.Where(s => !doomed.Contains(s)).Sum(s => s.Bytes);
            foreach (var s in sessions.Where(s => !s.Active && !doomed.Contains(s)).OrderBy(s => s.Modified))
            {
                if (total <= limit)
                {
                    break;
                }

                doomed.Add(s);
                total -= s.Bytes;
            }
        }

        long freed = 0;
        foreach (var s in doomed.OrderBy(s => s.Modified))
        {
            File.Delete(s.Path);
            freed += s.Bytes;
            await output.Out.WriteLineAsync($"removed {s.Path} ({Size(s.Bytes)}, last written {s.Modified:yyyy-MM-dd HH:mm})").ConfigureAwait(false);
        }

        var kept = sessions.Count - doomed.Count;
        await output.Out.WriteLineAsync($"{doomed.Count} session(s) removed, {Size(freed)} freed; {kept} kept.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    internal static TimeSpan? ParseAge(string text)
    {
        if (text.Length < 2 || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            return null;
        }

        return char.ToLowerInvariant(text[^1]) switch
        {
            'd' => TimeSpan.FromDays(n),
            'h' => TimeSpan.FromHours(n),
            'm' => TimeSpan.FromMinutes(n),
            _ => null,
        };
    }

    internal static long? ParseSize(string text)
    {
        var upper = text.Trim().ToUpperInvariant();
        (string Suffix, long Factor)[] units = [("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1)];
        foreach (var (suffix, factor) in units)
        {
            if (upper.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(upper[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
            {
                return (long)(n * factor);
            }
        }

        return null;
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        _ => $"{bytes} B",
    };
}
