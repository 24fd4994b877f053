namespace CcTracer.Settings;

/// <summary>
/// An exclusive lock on <c>settings.json.lock</c> around read-modify-write, so concurrent mergers
/// (two tracer instances, or several tasks) cannot interleave and lose each other's changes.
/// </summary>
/// <remarks>
/// The lock file is left in place: deleting it on release would let a waiter that already opened the
/// old file and a newcomer that creates a fresh one both believe they hold the lock.
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
        var lockPath = settingsPath + ".lock";
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

    private static SettingsFileException Busy(string settingsPath, TimeSpan timeout)
        => new(settingsPath, $"{settingsPath} is being modified by another process ({settingsPath}.lock held for over {timeout.TotalSeconds:0.#} s); it was left untouched.", null, null, null);
}
