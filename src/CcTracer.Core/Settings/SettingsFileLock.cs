namespace CcTracer.Settings;

/// <summary>
/// An exclusive lock around read-modify-write of one settings file, so concurrent mergers (two
/// tracer instances, or several tasks) cannot interleave and lose each other's changes.
/// </summary>
/// <remarks>
/// The lock file lives in the temp directory, named by a hash of the settings path: it must stay
/// in place (deleting it on release would let a waiter that opened the old file and a newcomer
/// that creates a fresh one both believe they hold the lock), and a lingering file in the user's
/// <c>.claude/</c> folder could end up committed to their repository.
/// </remarks>
internal sealed class SettingsFileLock : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(15);

    private readonly FileStream _stream;

    private SettingsFileLock(FileStream stream) => _stream = stream;

    public static SettingsFileLock Acquire(string settingsPath, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (TryOpen(settingsPath, out var stream))
            {
                return new SettingsFileLock(stream);
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw Busy(settingsPath, timeout);
            }

            Thread.Sleep(RetryDelay);
        }
    }

    public static async Task<SettingsFileLock> AcquireAsync(string settingsPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryOpen(settingsPath, out var stream))
            {
                return new SettingsFileLock(stream);
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw Busy(settingsPath, timeout);
            }

            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static bool TryOpen(string settingsPath, out FileStream stream)
    {
        var lockPath = LockPathFor(settingsPath);
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new SettingsFileException(settingsPath, $"{settingsPath} cannot be modified: no permission to create {lockPath}. The file was left untouched.", null, null, ex);
        }
        catch (IOException)
        {
            // Held by another merger: retry until the deadline.
            stream = null!;
            return false;
        }
    }

    internal static string LockPathFor(string settingsPath)
    {
        var folder = Path.Combine(Path.GetTempPath(), "cc-tracer-locks");
        Directory.CreateDirectory(folder);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(settingsPath)));
        return Path.Combine(folder, Convert.ToHexStringLower(hash.AsSpan(0, 12)) + ".lock");
    }

    private static SettingsFileException Busy(string settingsPath, TimeSpan timeout)
        => new(settingsPath, $"{settingsPath} is being modified by another process (its lock {LockPathFor(settingsPath)} held for over {timeout.TotalSeconds:0.#} s); it was left untouched.", null, null, null);
}
