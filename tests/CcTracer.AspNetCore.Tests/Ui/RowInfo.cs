namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>One timeline row as the page shows it.</summary>
internal sealed record RowInfo(long Seq, string Seqs, string Kind, string? Type, string Ids, string Name, string Dur, bool Related);
