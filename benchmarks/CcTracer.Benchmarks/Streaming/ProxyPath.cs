namespace CcTracer.Benchmarks.Streaming;

/// <summary>One way to reach the upstream: directly, or through one of the proxies.</summary>
internal sealed record ProxyPath(string Name, HttpClient Client, Harness.ChildProcess? Process);
