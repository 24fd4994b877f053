namespace CcTracer.Settings;

/// <summary>
/// A settings file the merger will not modify: not strict JSON, a <c>hooks</c> of the wrong shape,
/// read-only, or locked. The file is left untouched.
/// </summary>
public sealed class SettingsFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SettingsFileException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    public SettingsFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    /// <param name="innerException">The underlying failure.</param>
    public SettingsFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a file, with an optional position.</summary>
    /// <param name="filePath">The settings file.</param>
    /// <param name="message">What is wrong; should name the file.</param>
    /// <param name="lineNumber">One-based line of the problem, when known.</param>
    /// <param name="bytePositionInLine">One-based byte in that line, when known.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SettingsFileException(string filePath, string message, long? lineNumber, long? bytePositionInLine, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        BytePositionInLine = bytePositionInLine;
    }

    /// <summary>The settings file concerned.</summary>
    public string? FilePath { get; }

    /// <summary>One-based line of a JSON error, when known.</summary>
    public long? LineNumber { get; }

    /// <summary>One-based byte within <see cref="LineNumber"/>, when known.</summary>
    public long? BytePositionInLine { get; }
}
