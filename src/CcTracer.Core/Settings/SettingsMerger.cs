using System.Text.Json.Nodes;
using CcTracer.Hooks;

namespace CcTracer.Settings;

/// <summary>
/// Adds the tracer's hooks for every Claude Code event to a settings file, and takes them out again,
/// leaving everything else in the file as the user had it.
/// </summary>
/// <remarks>
/// <para>Each event gets one group <c>{"matcher": "*", "hooks": [entry]}</c> appended after the user's
/// own groups. The entry is an <c>http</c> hook to <c>http://HOST:PORT/hooks/EVENT</c>, except for
/// <c>SessionStart</c> and <c>Setup</c>, where Claude Code refuses http hooks: those get a
/// <c>command</c> hook that pipes stdin to the same URL with curl and always exits 0 silently.</para>
/// <para>Tracer entries are recognised by a marker (see <c>X-Cc-Tracer</c> header, <c># cc-tracer</c>
/// comment), so merging again — with the same or another port — replaces them and never duplicates.</para>
/// <para>Safety: the file is only ever replaced whole (temp file in the same folder, then rename),
/// under an exclusive lock (a file in the temp directory). A file that is not strict JSON (comments and
/// trailing commas included, since rewriting would lose them), whose <c>hooks</c> has the wrong shape,
/// or that is read-only is never touched: a <see cref="SettingsFileException"/> says why. Before the
/// first change to an existing file its original bytes are copied to <c>settings.json.bak</c>, which is
/// never overwritten; a file the merger creates has nothing to back up. Output is two-space indented
/// JSON with a trailing newline, like Claude Code writes; a file already in that format comes back
/// byte-for-byte after <see cref="Merge(string)"/> then <see cref="Remove(string)"/>.</para>
/// <para><see cref="Remove(string)"/> drops groups, event keys, and the <c>hooks</c> key only when
/// removing the tracer's entries emptied them. It leaves a file in place (as <c>{}</c>) rather
/// than deleting a file that Claude Code or the user may have written to meanwhile — unless it is
/// left as <c>{}</c> with no backup beside it, i.e. the merger created it and nobody added anything:
/// then it is deleted, so the project is as it was. Removal never writes a backup.</para>
/// </remarks>
public sealed class SettingsMerger
{
    private readonly SettingsMergerOptions _options;
    private readonly TracerHooks _tracer;

    /// <summary>Creates a merger.</summary>
    /// <param name="options">Host, port and timeouts; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The host, port or timeouts are invalid.</exception>
    public SettingsMerger(SettingsMergerOptions? options = null)
    {
        _options = options ?? new SettingsMergerOptions();
        if (string.IsNullOrWhiteSpace(_options.Host) || Uri.CheckHostName(_options.Host.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            // The host lands inside a shell command: only a real host name or address is accepted.
            throw new ArgumentException($"'{_options.Host}' is not a host name or IP address.", nameof(options));
        }

        if (_options.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port {_options.Port} is outside 1-65535.", nameof(options));
        }

        if (_options.TimeoutSeconds < 1)
        {
            throw new ArgumentException("TimeoutSeconds must be at least 1.", nameof(options));
        }

        if (_options.LockTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("LockTimeout must not be negative.", nameof(options));
        }

        _tracer = new TracerHooks(_options);
    }

    /// <summary>The project settings file Claude Code reads for <paramref name="cwd"/>: <c>&lt;cwd&gt;/.claude/settings.json</c>.</summary>
    /// <param name="cwd">The project folder.</param>
    /// <returns>The full path.</returns>
    public static string DefaultProjectSettingsPath(string cwd)
    {
        ArgumentException.ThrowIfNullOrEmpty(cwd);
        return Path.Combine(Path.GetFullPath(cwd), ".claude", "settings.json");
    }

    /// <summary>Adds (or refreshes) the tracer's hooks for every event; creates the file and folder if missing.</summary>
    /// <param name="settingsPath">The Claude Code settings file.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="SettingsFileException">The file cannot be modified safely; it is untouched.</exception>
    public SettingsMergeResult Merge(string settingsPath) => Apply(settingsPath, merge: true);

    /// <summary>Removes the tracer's hooks and nothing else. A missing file stays missing.</summary>
    /// <param name="settingsPath">The Claude Code settings file.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="SettingsFileException">The file cannot be modified safely; it is untouched.</exception>
    public SettingsMergeResult Remove(string settingsPath) => Apply(settingsPath, merge: false);

    /// <summary>Like <see cref="Merge(string)"/>, waiting for the lock asynchronously.</summary>
    /// <param name="settingsPath">The Claude Code settings file.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock and the file I/O; the file is then unchanged.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="SettingsFileException">The file cannot be modified safely; it is untouched.</exception>
    public Task<SettingsMergeResult> MergeAsync(string settingsPath, CancellationToken cancellationToken = default)
        => ApplyAsync(settingsPath, merge: true, cancellationToken);

    /// <summary>Like <see cref="Remove(string)"/>, waiting for the lock asynchronously.</summary>
    /// <param name="settingsPath">The Claude Code settings file.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock and the file I/O; the file is then unchanged.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="SettingsFileException">The file cannot be modified safely; it is untouched.</exception>
    public Task<SettingsMergeResult> RemoveAsync(string settingsPath, CancellationToken cancellationToken = default)
        => ApplyAsync(settingsPath, merge: false, cancellationToken);

    private SettingsMergeResult Apply(string settingsPath, bool merge)
    {
        var path = Prepare(settingsPath, merge);
        if (path is null)
        {
            return NothingToRemove(settingsPath);
        }

        using var fileLock = SettingsFileLock.Acquire(path, _options.LockTimeout);
        var original = File.Exists(path) ? ReadExisting(path) : null;
        var plan = Plan(path, original, merge);
        if (plan.NewBytes is not null)
        {
            if (IsLeftoverOfOurOwn(path, plan.NewBytes, merge))
            {
                File.Delete(path);
                return plan.Result with { Deleted = true };
            }

            var backupWritten = merge && original is not null && WriteBackup(path, original);
            SettingsFileWriter.Replace(path, plan.NewBytes);
            return plan.Result with { BackupWritten = backupWritten };
        }

        return plan.Result;
    }

    private async Task<SettingsMergeResult> ApplyAsync(string settingsPath, bool merge, CancellationToken cancellationToken)
    {
        var path = Prepare(settingsPath, merge);
        if (path is null)
        {
            return NothingToRemove(settingsPath);
        }

        using var fileLock = await SettingsFileLock.AcquireAsync(path, _options.LockTimeout, cancellationToken).ConfigureAwait(false);
        var original = File.Exists(path) ? await ReadExistingAsync(path, cancellationToken).ConfigureAwait(false) : null;
        var plan = Plan(path, original, merge);
        if (plan.NewBytes is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsLeftoverOfOurOwn(path, plan.NewBytes, merge))
            {
                File.Delete(path);
                return plan.Result with { Deleted = true };
            }

            var backupWritten = merge && original is not null && WriteBackup(path, original);
            await SettingsFileWriter.ReplaceAsync(path, plan.NewBytes, cancellationToken).ConfigureAwait(false);
            return plan.Result with { BackupWritten = backupWritten };
        }

        return plan.Result;
    }

    /// <summary>
    /// Whether a removal would leave <c>{}</c> in a file the merger itself created: every file that
    /// existed before the first merge was backed up then, so no backup means it was ours, and
    /// deleting it puts the project back as it was instead of leaving a stray file to commit.
    /// </summary>
    private static bool IsLeftoverOfOurOwn(string path, byte[] newBytes, bool merge)
        => !merge && !File.Exists(path + ".bak") && newBytes.AsSpan().Trim("\r\n\t "u8).SequenceEqual("{}"u8);

    /// <summary>Full path; creates the folder for a merge. <see langword="null"/> when a removal has no file to touch.</summary>
    private static string? Prepare(string settingsPath, bool merge)
    {
        ArgumentException.ThrowIfNullOrEmpty(settingsPath);
        var path = Path.GetFullPath(settingsPath);
        if (!merge && !File.Exists(path))
        {
            return null;
        }

        var folder = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettingsFileException(path, $"{path} cannot be created: {ex.Message}", null, null, ex);
        }

        return path;
    }

    private static SettingsMergeResult NothingToRemove(string settingsPath)
    {
        var path = Path.GetFullPath(settingsPath);
        var backup = path + ".bak";
        return new SettingsMergeResult(path, 0, 0, Changed: false, Created: false, File.Exists(backup) ? backup : null, BackupWritten: false);
    }

    private SettingsPlan Plan(string path, byte[]? original, bool merge)
    {
        var root = SettingsDocument.Parse(path, original);
        var removed = SettingsDocument.RemoveTracerEntries(root);
        var added = merge ? SettingsDocument.AddTracerEntries(root, _tracer, HookEventNames.All) : [];
        var bytes = SettingsDocument.Serialize(root);

        // Count what really changed: re-merging the same entries is neither an add nor a remove.
        var before = removed.Select(r => r.Event + "\n" + r.Json).ToList();
        var after = added.Select(a => a.Event + "\n" + a.Json).ToList();
        var addedCount = after.Count - Overlap(before, after);
        var removedCount = before.Count - Overlap(before, after);

        var unchanged = original is not null && bytes.AsSpan().SequenceEqual(original);
        if (!merge && removed.Count == 0)
        {
            // Nothing of the tracer's is there: never reformat a file only to leave it as it was.
            unchanged = true;
        }

        if (!unchanged && original is not null)
        {
            EnsureWritable(path);
        }

        var backup = path + ".bak";
        var willBackUp = merge && !unchanged && original is not null;
        var result = new SettingsMergeResult(
            path,
            addedCount,
            removedCount,
            Changed: !unchanged,
            Created: original is null && !unchanged,
            File.Exists(backup) || willBackUp ? backup : null,
            BackupWritten: false);
        return new SettingsPlan(unchanged ? null : bytes, result);
    }

    private static int Overlap(List<string> a, List<string> b)
    {
        var pool = a.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var overlap = 0;
        foreach (var item in b)
        {
            if (pool.TryGetValue(item, out var n) && n > 0)
            {
                pool[item] = n - 1;
                overlap++;
            }
        }

        return overlap;
    }

    /// <summary>
    /// Refuses a file the user marked read-only. The rename would otherwise replace it (renaming
    /// needs only folder permission), and root bypasses permission checks altogether.
    /// </summary>
    private static void EnsureWritable(string path)
    {
        var readOnly = (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0
            || (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserWrite) == 0);
        if (readOnly)
        {
            throw new SettingsFileException(path, $"{path} is read-only; it was left untouched. Make it writable to add or remove the tracer's hooks.", null, null, null);
        }
    }

    /// <summary>Copies the user's original once; an existing backup is the older original and is kept.</summary>
    private static bool WriteBackup(string path, byte[] original)
    {
        var backup = path + ".bak";
        if (File.Exists(backup))
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(backup, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            stream.Write(original);
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettingsFileException(path, $"{path} was left untouched: its backup {backup} could not be written ({ex.Message}).", null, null, ex);
        }
    }

    private static byte[] ReadExisting(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettingsFileException(path, $"{path} cannot be read: {ex.Message}", null, null, ex);
        }
    }

    private static async Task<byte[]> ReadExistingAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SettingsFileException(path, $"{path} cannot be read: {ex.Message}", null, null, ex);
        }
    }
}
