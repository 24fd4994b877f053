namespace CcTracer.Export;

/// <summary>How a session is exported.</summary>
/// <param name="NoContent">Share without content: structure, timings, token counts, sizes and hashes only (<see cref="ContentStripper"/>).</param>
/// <param name="ToolVersion">The tracer's version, named as the export's creator.</param>
internal sealed record ExportOptions(bool NoContent, string ToolVersion);
