using Xunit;

namespace CcTracer.Tool.Tests.Support;

/// <summary>
/// Tests that start real tracer servers take turns: several JIT-ing servers at once on a loaded
/// two-core machine can each take longer than the 3 s a health probe allows, which a start then
/// reads as "held by something else". The end-to-end tests are not in it: claude's run is long.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServerProcessCollection
{
    public const string Name = "server processes";
}
