using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace CcTracer.Storage;

/// <summary>
/// One open session log, appended to by the log writer only. It buffers like a
/// <see cref="FileStream"/> but writes at offsets it tracks itself, so after a failed write (disk
/// full) it knows nothing half-buffered will reach the file later, and it ends the torn line
/// before the next record (<see cref="BeginRecord"/>): a record is never glued onto a fragment.
/// It also notices when the file was deleted, moved or changed under it (<see cref="CheckForChange"/>).
/// </summary>
internal sealed class SessionFileHandle : Stream
{
    private const int BufferSize = 64 * 1024;

    private readonly FileStream _file;
    private readonly WriteAt _writeAt;
    private readonly string? _descriptorLink;
    private readonly string? _openedAs;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _buffered;
    private long _length;
    private bool _torn;

    private SessionFileHandle(string sessionId, string path, FileStream file, bool created, WriteAt writeAt)
    {
        SessionId = sessionId;
        Path = path;
        Created = created;
        _file = file;
        _writeAt = writeAt;
        _length = RandomAccess.GetLength(file.SafeFileHandle);

        // A file torn by a crash (or a failed write before a restart) gets its line ended first.
        _torn = _length > 0 && !EndsWithNewline();
        if (OperatingSystem.IsLinux())
        {
            // Where the descriptor points: it changes when the file is moved, and gains
            // " (deleted)" when it is deleted — a stat-free way to compare the open file with the path.
            _descriptorLink = $"/proc/self/fd/{file.SafeFileHandle.DangerousGetHandle()}";
            _openedAs = ReadLink(_descriptorLink);
        }
    }

    /// <summary>Writes bytes at an offset; a test replaces it to fail like a full disk.</summary>
    internal delegate void WriteAt(SafeFileHandle handle, ReadOnlySpan<byte> bytes, long offset);

    public string SessionId { get; }

    public string Path { get; }

    /// <summary>Whether opening created the file (until <see cref="TakeCreated"/> is called).</summary>
    public bool Created { get; private set; }

    /// <summary>The writer batch in which <see cref="CheckForChange"/> last ran (checked once per batch).</summary>
    public long CheckedInBatch { get; set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length + _buffered;

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    /// <summary>Opens (creating owner-only) a session's file for appending.</summary>
    public static SessionFileHandle Open(string sessionId, string path, WriteAt? writeAt = null)
    {
        var created = !File.Exists(path);
        var file = new FileStream(path, OwnerOnly.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0));
        try
        {
            return new SessionFileHandle(sessionId, path, file, created, writeAt ?? RandomAccess.Write);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Whether opening created the file, once: the writer announces a new session once.</summary>
    public bool TakeCreated()
    {
        var created = Created;
        Created = false;
        return created;
    }

    /// <summary>Called before each record: ends a line that a failed write left unterminated.</summary>
    public void BeginRecord()
    {
        if (!_torn)
        {
            return;
        }

        _buffered = 0;
        _length = RandomAccess.GetLength(_file.SafeFileHandle);
        _torn = false;
        if (_length > 0 && !EndsWithNewline())
        {
            _buffer[_buffered++] = (byte)'\n';
        }
    }

    /// <summary>
    /// Whether the file is still the one at <see cref="Path"/> with the length written: it may have
    /// been deleted or moved (log rotation), or truncated or appended to by someone else.
    /// </summary>
    public FileChange CheckForChange(out string? movedTo)
    {
        movedTo = null;
        if (_descriptorLink is not null && _openedAs is not null)
        {
            var now = ReadLink(_descriptorLink);
            if (now is null || now.EndsWith(" (deleted)", StringComparison.Ordinal))
            {
                return FileChange.Deleted;
            }

            if (!string.Equals(now, _openedAs, StringComparison.Ordinal))
            {
                movedTo = now;
                return FileChange.Moved;
            }
        }
        else if (!File.Exists(Path))
        {
            return FileChange.Deleted;
        }
        else if (new FileInfo(Path).Length != _length + _buffered)
        {
            // Without /proc a new file at the path looks like a resized one: reopen to be safe.
            return FileChange.Moved;
        }

        FlushBuffer();
        var actual = RandomAccess.GetLength(_file.SafeFileHandle);
        if (actual != _length)
        {
            // Continue at the real end, on a line of our own.
            _length = actual;
            _torn = true;
            return FileChange.Resized;
        }

        return FileChange.None;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length >= BufferSize)
        {
            FlushBuffer();
            Commit(buffer);
            return;
        }

        if (_buffered + buffer.Length > BufferSize)
        {
            FlushBuffer();
        }

        buffer.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value)
    {
        if (_buffered == BufferSize)
        {
            FlushBuffer();
        }

        _buffer[_buffered++] = value;
    }

    public override void Flush() => FlushBuffer();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Unwritten bytes are dropped, never written later: the owner flushes first when it can.
            _file.Dispose();
            var buffer = Interlocked.Exchange(ref _buffer, []);
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        base.Dispose(disposing);
    }

    private void FlushBuffer()
    {
        if (_buffered == 0)
        {
            return;
        }

        var count = _buffered;
        _buffered = 0;
        Commit(_buffer.AsSpan(0, count));
    }

    private void Commit(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _writeAt(_file.SafeFileHandle, bytes, _length);
            _length += bytes.Length;
        }
        catch
        {
            // Part of the bytes may be on disk: what is still buffered would land after a fragment.
            _buffered = 0;
            _torn = true;
            throw;
        }
    }

    private bool EndsWithNewline()
    {
        Span<byte> last = stackalloc byte[1];
        return RandomAccess.Read(_file.SafeFileHandle, last, _length - 1) == 1 && last[0] == (byte)'\n';
    }

    private static string? ReadLink(string link)
    {
        try
        {
            return new FileInfo(link).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
