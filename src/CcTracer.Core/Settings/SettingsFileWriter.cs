namespace CcTracer.Settings;

/// <summary>
/// Replaces a file atomically: readers (Claude Code included) see the old bytes or the new, never half.
/// </summary>
internal static class SettingsFileWriter
{
    public static void Replace(string path, byte[] bytes)
    {
        var temp = TempPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            Commit(path, temp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(path, temp, ex);
        }
    }

    public static async Task ReplaceAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temp = TempPath(path);
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            Commit(path, temp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(path, temp, ex);
        }
        catch (OperationCanceledException)
        {
            TryDelete(temp);
            throw;
        }
    }

    private static string TempPath(string path)
        => Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    private static void Commit(string path, string temp)
    {
        // Keep the user's permissions (a 0600 settings file stays 0600).
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
        }

        File.Move(temp, path, overwrite: true);
    }

    private static SettingsFileException Failed(string path, string temp, Exception ex)
    {
        TryDelete(temp);
        return new SettingsFileException(path, $"{path} could not be written ({ex.Message}); it was left untouched.", null, null, ex);
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp file is harmless, the settings file itself is intact.
        }
    }
}
