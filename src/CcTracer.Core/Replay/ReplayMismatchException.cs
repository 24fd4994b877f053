namespace CcTracer.Replay;

/// <summary>
/// A replayed harness sent a request the recording cannot answer: one too many, one on a path never
/// recorded, or (in strict mode) one that differs from the recorded request. The message says which and
/// where; a replay never hangs instead.
/// </summary>
public sealed class ReplayMismatchException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ReplayMismatchException()
        : base("The request does not match the recording.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What did not match.</param>
    public ReplayMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner one.</summary>
    /// <param name="message">What did not match.</param>
    /// <param name="innerException">The cause.</param>
    public ReplayMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a strict-mode difference.</summary>
    /// <param name="message">What did not match.</param>
    /// <param name="difference">The first difference.</param>
    /// <param name="recorded">The recorded exchange the request was compared with.</param>
    public ReplayMismatchException(string message, ReplayDifference? difference, RecordedTurn? recorded)
        : base(message)
    {
        Difference = difference;
        Recorded = recorded;
    }

    /// <summary>The first difference between the request and the recorded one (strict mode), if that was the cause.</summary>
    public ReplayDifference? Difference { get; }

    /// <summary>The recorded exchange the request was matched against, if any.</summary>
    public RecordedTurn? Recorded { get; }
}
