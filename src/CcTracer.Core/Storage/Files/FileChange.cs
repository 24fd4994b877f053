namespace CcTracer.Storage;

/// <summary>What happened to an open session log behind the writer's back.</summary>
internal enum FileChange
{
    /// <summary>Still the file at its path, as long as written.</summary>
    None,

    /// <summary>Deleted: records written to the open handle would vanish.</summary>
    Deleted,

    /// <summary>Moved (log rotation): records would go to the moved file.</summary>
    Moved,

    /// <summary>Truncated or appended to by someone else.</summary>
    Resized,
}
