using CcTracer.Replay;
using CcTracer.TestKit.Architecture;
using Xunit;

namespace CcTracer.Core.Tests;

/// <summary>CcTracer.Core's namespaces depend on each other one way only, so each folder can be read and changed on its own.</summary>
public sealed class NamespaceDependencyTests
{
    [Fact]
    public void Namespaces_of_core_form_no_cycle()
    {
        var cycles = NamespaceGraph.Of(typeof(RecordedSession).Assembly).Cycles();

        Assert.True(cycles.Count == 0, "Namespace cycles in CcTracer.Core:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_graph_sees_a_use_that_only_a_method_body_makes()
    {
        // BodySlices calls RawJsonString, a static class no signature can name: only its IL shows the use.
        var graph = NamespaceGraph.Of(typeof(RecordedSession).Assembly);

        Assert.Contains("CcTracer.Json", graph.Uses("CcTracer.Turns"));
    }
}
