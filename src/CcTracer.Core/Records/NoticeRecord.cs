using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>The tracer telling its user something went wrong (or right) on its side.</summary>
public sealed class NoticeRecord : TraceRecord
{
    /// <summary>Creates a notice.</summary>
    public NoticeRecord(string? sessionId, NoticeLevel level, string message, string? detail = null)
        : base(RecordTypes.Notice, sessionId)
    {
        Level = level;
        Message = message;
        Detail = detail;
    }

    /// <summary>How serious it is.</summary>
    public NoticeLevel Level { get; }

    /// <summary>One readable sentence.</summary>
    public string Message { get; }

    /// <summary>More detail (an exception message, counts), if any.</summary>
    public string? Detail { get; }

    /// <inheritdoc />
    protected internal override void WriteFields(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("level", Level switch
        {
            NoticeLevel.Info => "info",
            NoticeLevel.Warning => "warning",
            _ => "error",
        });
        writer.WriteString("message", Message);
        if (Detail is not null)
        {
            writer.WriteString("detail", Detail);
        }
    }
}
