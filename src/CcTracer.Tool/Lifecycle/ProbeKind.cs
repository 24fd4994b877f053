namespace CcTracer.Tool.Lifecycle;

/// <summary>What answers on a port.</summary>
internal enum ProbeKind
{
    /// <summary>Nothing listens (connection refused).</summary>
    Nothing,

    /// <summary>A cc-tracer server.</summary>
    Tracer,

    /// <summary>Something else: another HTTP server, or a listener that does not speak HTTP.</summary>
    Other,

    /// <summary>
    /// A listener that accepted the connection but did not answer in time: something else before we launch a
    /// server, but most likely our own server still starting (JIT, a loaded machine) after we launched one.
    /// </summary>
    Silent,
}
