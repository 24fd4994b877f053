namespace CcTracer.Storage;

/// <summary>A session log file as listed by <see cref="SessionLogReader.ListSessionsAsync"/>.</summary>
/// <param name="SessionId">The session id (the file name without <c>.jsonl</c>).</param>
/// <param name="Path">The file.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Created">When it was created.</param>
/// <param name="Modified">When it was last written.</param>
/// <param name="Active">
/// Whether its Claude Code session is still running: no SessionEnd hook since it last started, and
/// written in the last ten minutes (sessions captured without hooks never see a SessionEnd).
/// </param>
public sealed record SessionInfo(string SessionId, string Path, long Bytes, DateTimeOffset Created, DateTimeOffset Modified, bool Active)
{
    /// <summary>The first prompt: of the first UserPromptSubmit hook, else the first API request's user text.</summary>
    public string? FirstPrompt { get; init; }

    /// <summary>The project folder: the <c>cwd</c> of the session's hooks.</summary>
    public string? Cwd { get; init; }

    /// <summary>How many API requests (model turns) were recorded.</summary>
    public int Turns { get; init; }

    /// <summary>Whether a SessionEnd hook came and no SessionStart or prompt after it.</summary>
    public bool Ended { get; init; }
}
