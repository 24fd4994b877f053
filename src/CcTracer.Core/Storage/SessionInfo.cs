namespace CcTracer.Storage;

/// <summary>A session log file as listed by <see cref="SessionLogReader.ListSessions"/>.</summary>
/// <param name="SessionId">The session id (the file name without <c>.jsonl</c>).</param>
/// <param name="Path">The file.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Created">When it was created.</param>
/// <param name="Modified">When it was last written.</param>
/// <param name="Active">Written in the last ten minutes.</param>
public sealed record SessionInfo(string SessionId, string Path, long Bytes, DateTimeOffset Created, DateTimeOffset Modified, bool Active);
