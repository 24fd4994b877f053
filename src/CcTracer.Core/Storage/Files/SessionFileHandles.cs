namespace CcTracer.Storage;

/// <summary>
/// The log writer's open session files. At most <see cref="Capacity"/> stay open, the least
/// recently used closed first and reopened on demand: one handle per session forever ran into the
/// process's descriptor limit, after which records were lost and the proxy itself failed. Once per
/// writer batch a handle is checked against its path, so a log deleted or rotated away is recreated
/// instead of swallowing records. Used by the writer thread only.
/// </summary>
internal sealed class SessionFileHandles : IDisposable
{
    private readonly Func<string, string> _pathFor;
    private readonly Action<string, Exception> _onFailure;
    private readonly SessionFileHandle.WriteAt? _writeAt;
    private readonly Dictionary<string, LinkedListNode<SessionFileHandle>> _open = new(StringComparer.Ordinal);
    private readonly LinkedList<SessionFileHandle> _recent = new();
    private long _batch = 1;

    /// <param name="capacity">Files kept open at most.</param>
    /// <param name="pathFor">The file of a session.</param>
    /// <param name="onFailure">Told about a flush that failed while closing or flushing a file.</param>
    /// <param name="writeAt">Replaces the file write (tests simulate a full disk with it).</param>
    public SessionFileHandles(int capacity, Func<string, string> pathFor, Action<string, Exception> onFailure, SessionFileHandle.WriteAt? writeAt = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _pathFor = pathFor;
        _onFailure = onFailure;
        _writeAt = writeAt;
    }

    public int Capacity { get; }

    /// <summary>Files open now.</summary>
    public int Count => _open.Count;

    /// <summary>Starts a writer batch: each handle is checked against its path again on its first use in it.</summary>
    public void NextBatch() => _batch++;

    /// <summary>
    /// The open file of a session, opening it (and closing the least recently used one) if need
    /// be. <paramref name="change"/> says whether the file open before had been deleted, moved or
    /// resized; for a deleted or moved one the handle returned is a new file at the path.
    /// </summary>
    public SessionFileHandle Get(string sessionId, out FileChange change, out string? movedTo)
    {
        change = FileChange.None;
        movedTo = null;
        if (_open.TryGetValue(sessionId, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            var handle = node.Value;
            if (handle.CheckedInBatch == _batch)
            {
                return handle;
            }

            handle.CheckedInBatch = _batch;
            change = handle.CheckForChange(out movedTo);
            if (change is not (FileChange.Deleted or FileChange.Moved))
            {
                return handle;
            }

            Close(node);
        }

        while (_open.Count >= Capacity)
        {
            Close(_recent.Last!);
        }

        var opened = SessionFileHandle.Open(sessionId, _pathFor(sessionId), _writeAt);
        opened.CheckedInBatch = _batch;
        _open[sessionId] = _recent.AddFirst(opened);
        return opened;
    }

    /// <summary>Writes every file's buffer out.</summary>
    public void FlushAll()
    {
        foreach (var handle in _recent)
        {
            Flush(handle);
        }
    }

    public void Dispose()
    {
        while (_recent.Last is { } last)
        {
            Close(last);
        }
    }

    private void Close(LinkedListNode<SessionFileHandle> node)
    {
        var handle = node.Value;
        _recent.Remove(node);
        _open.Remove(handle.SessionId);
        Flush(handle);
        handle.Dispose();
    }

    private void Flush(SessionFileHandle handle)
    {
        try
        {
            handle.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _onFailure(handle.SessionId, e);
        }
    }
}
