namespace CcTracer.Storage;

/// <summary>
/// Files and folders only their owner can open (<c>0600</c> and <c>0700</c> on Unix): session logs
/// hold prompts, code and API traffic, which other users of the machine have no business reading.
/// </summary>
internal static class OwnerOnly
{
    /// <summary><c>0600</c>.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary><c>0700</c>.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the directory (and missing parents) owner-only; an existing one is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            // The mode applies to the last folder only: missing parents (~/.cc-tracer) are created one by one.
            var missing = new Stack<string>();
            for (var folder = Path.GetFullPath(path); !string.IsNullOrEmpty(folder) && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
            {
                missing.Push(folder);
            }

            while (missing.TryPop(out var folder))
            {
                Directory.CreateDirectory(folder, DirectoryMode);
            }
        }
    }

    /// <summary>Options that create the file owner-only (an existing file keeps its mode).</summary>
    public static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access, FileShare share, int bufferSize)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }
}
