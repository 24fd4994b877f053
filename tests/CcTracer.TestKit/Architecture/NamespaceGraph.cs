using System.Reflection;

namespace CcTracer.TestKit.Architecture;

/// <summary>
/// Which namespace of an assembly uses which (through <see cref="TypeReferences"/>), and the cycles
/// in that graph: a cycle means two folders can only be understood, and changed, together.
/// </summary>
public sealed class NamespaceGraph
{
    // namespace → namespace it uses → one type that does so, and the type it uses there.
    private readonly Dictionary<string, SortedDictionary<string, (Type From, Type To)>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    /// <summary>The graph of <paramref name="assembly"/>'s own namespaces; references to other assemblies are left out.</summary>
    public static NamespaceGraph Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var graph = new NamespaceGraph();
        foreach (var type in assembly.GetTypes())
        {
            var from = type.Namespace ?? "";
            graph._edges.TryAdd(from, new(StringComparer.Ordinal));
            foreach (var used in TypeReferences.Of(type))
            {
                if (used.Assembly == assembly && (used.Namespace ?? "") is var to && to != from)
                {
                    graph._edges[from].TryAdd(to, (type, used));
                }
            }
        }

        return graph;
    }

    /// <summary>The namespaces <paramref name="from"/> uses.</summary>
    public IReadOnlyCollection<string> Uses(string from) => _edges.TryGetValue(from, out var to) ? to.Keys : [];

    /// <summary>
    /// Each cycle found, as the namespaces around it with the type that makes each step
    /// (<c>A (A.X → B.Y) → B (B.Z → A.W) → A</c>); empty when the graph has none.
    /// </summary>
    public IReadOnlyList<string> Cycles()
    {
        var cycles = new List<string>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path, true: done
        var path = new List<string>();
        foreach (var start in _edges.Keys.Order(StringComparer.Ordinal))
        {
            Visit(start, state, path, cycles);
        }

        return cycles;
    }

    private void Visit(string node, Dictionary<string, bool> state, List<string> path, List<string> cycles)
    {
        if (state.TryGetValue(node, out var done))
        {
            if (!done)
            {
                cycles.Add(Describe(path[path.IndexOf(node)..], node));
            }

            return;
        }

        state[node] = false;
        path.Add(node);
        foreach (var next in Uses(node))
        {
            Visit(next, state, path, cycles);
        }

        path.RemoveAt(path.Count - 1);
        state[node] = true;
    }

    private string Describe(List<string> loop, string back)
    {
        var steps = loop.Zip(loop.Skip(1).Append(back), (a, b) => (a, b, _edges[a][b]));
        return string.Join(" → ", steps.Select(s => $"{s.a} ({s.Item3.From.FullName} uses {s.Item3.To.FullName})")) + " → " + back;
    }
}
