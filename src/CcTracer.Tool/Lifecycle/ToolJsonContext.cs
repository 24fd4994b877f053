using System.Text.Json.Serialization;

namespace CcTracer.Tool.Lifecycle;

/// <summary>Source-generated JSON for the tool's own files: no reflection cost at start-up.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ServerState))]
[JsonSerializable(typeof(HookInstallations))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
