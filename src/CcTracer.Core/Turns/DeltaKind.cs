namespace CcTracer.Turns;

/// <summary>The <c>content_block_delta</c> delta types the assembler understands.</summary>
internal enum DeltaKind
{
    Unknown,
    Text,
    InputJson,
    Thinking,
    Signature,
    Citations,
    Compaction,
}
