namespace CcTracer.Tool.Lifecycle;

/// <summary>Whether the tracer on a port is gone.</summary>
internal enum StopResult
{
    /// <summary>It exited and the port is free.</summary>
    Stopped,

    /// <summary>No tracer answered on the port.</summary>
    NotRunning,

    /// <summary>It was asked to stop but still runs when the wait ended.</summary>
    StillRunning,
}
