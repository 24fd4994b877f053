namespace CcTracer.TestKit;

/// <summary>
/// Lets a test pace a scripted stream: the upstream sends the first event, then waits for one
/// <see cref="Release"/> before each following event. A test that releases only after its client
/// has read the previous event proves the proxy forwards each event before the next exists —
/// without sleeping.
/// </summary>
public sealed class StepGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0);

    /// <summary>Allows <paramref name="steps"/> more events to be sent.</summary>
    public void Release(int steps = 1) => _semaphore.Release(steps);

    /// <summary>Waits for the next release (used by the upstream).</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _semaphore.Dispose();
}
