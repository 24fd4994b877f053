using System.Text.Json;
using CcTracer.Storage;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>A record type this UI version does not know, as a newer tracer might write it.</summary>
internal sealed class FutureRecord : TraceRecord
{
    public const string TypeName = "future_thing";

    public FutureRecord(string sessionId)
        : base(TypeName, sessionId)
    {
    }

    protected internal override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("flavour", "from-the-future");
        writer.WriteStartObject("nested");
        writer.WriteNumber("answer", 42);
        writer.WriteEndObject();
    }
}
