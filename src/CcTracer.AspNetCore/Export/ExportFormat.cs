namespace CcTracer.AspNetCore.Export;

/// <summary>The files a session exports to (<c>cc-tracer export</c>, <c>GET /api/sessions/{id}/export/{format}</c>).</summary>
internal enum ExportFormat
{
    /// <summary>HAR 1.2, one entry per API call.</summary>
    Har,

    /// <summary>A self-contained HTML snapshot of the UI.</summary>
    Html,

    /// <summary>A Markdown transcript of the conversation.</summary>
    Markdown,
}
