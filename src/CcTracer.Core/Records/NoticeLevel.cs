namespace CcTracer.Storage;

/// <summary>The severity of a <see cref="NoticeRecord"/>.</summary>
public enum NoticeLevel
{
    /// <summary>For information.</summary>
    Info,

    /// <summary>Something was lost or degraded, but the session was not affected.</summary>
    Warning,

    /// <summary>A tracer fault.</summary>
    Error,
}
