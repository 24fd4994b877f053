namespace CcTracer.Turns;

/// <summary>The Anthropic Messages stream event types the assembler understands.</summary>
internal enum StreamEventKind
{
    Unknown,
    MessageStart,
    ContentBlockStart,
    ContentBlockDelta,
    ContentBlockStop,
    MessageDelta,
    MessageStop,
    Ping,
    Error,
}
