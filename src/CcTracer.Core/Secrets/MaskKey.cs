using System.Security.Cryptography;

namespace CcTracer.Secrets;

/// <summary>
/// The per-install key of the mask hashes, kept as hex in one file (mode 0600, see
/// <c>TraceStoreOptions.MaskKeyFile</c>) and made on first use.
/// </summary>
/// <remarks>
/// Why keyed (HMAC-SHA-256) rather than a plain truncated SHA-256: a plain hash of a short
/// password (<c>password=hunter2</c>) could be confirmed offline by hashing guesses; with a random
/// key kept outside the log directory only this install can compute markers, while two uses of one
/// secret still get the same one in every session it logs. Deleting the file starts a new key
/// (older markers then no longer match new ones).
/// </remarks>
internal static class MaskKey
{
    private const int Length = 32;

    /// <summary>Reads the key, or creates it; a key that cannot be stored is used for this run only.</summary>
    public static byte[] LoadOrCreate(string path)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (TryRead(path) is { } existing)
            {
                return existing;
            }

            var key = RandomNumberGenerator.GetBytes(Length);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var writer = new StreamWriter(new FileStream(path, options)))
                {
                    writer.Write(Convert.ToHexStringLower(key));
                }

                return key;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: read theirs on the next pass.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return key;
            }
        }

        return RandomNumberGenerator.GetBytes(Length);
    }

    private static byte[]? TryRead(string path)
    {
        try
        {
            var key = Convert.FromHexString(File.ReadAllText(path).Trim());
            return key.Length >= Length ? key : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
