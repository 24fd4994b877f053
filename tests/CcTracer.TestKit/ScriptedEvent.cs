using System.Text;

namespace CcTracer.TestKit;

/// <summary>One server-sent event a <see cref="ScriptedUpstream"/> will send.</summary>
/// <param name="Name">The <c>event:</c> field, e.g. <c>content_block_delta</c>.</param>
/// <param name="Data">The <c>data:</c> field (JSON for the Messages API); a single line.</param>
public sealed record ScriptedEvent(string Name, string Data)
{
    /// <summary>How long the upstream waits before sending this event (default none).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>The event as it goes on the wire: <c>event: NAME\ndata: DATA\n\n</c>.</summary>
    public string ToWireText() => $"event: {Name}\ndata: {Data}\n\n";

    /// <summary>The UTF-8 bytes of <see cref="ToWireText"/>.</summary>
    public byte[] ToWireBytes() => Encoding.UTF8.GetBytes(ToWireText());
}
