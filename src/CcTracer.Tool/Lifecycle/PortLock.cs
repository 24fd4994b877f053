namespace CcTracer.Tool.Lifecycle;

/// <summary>
/// An exclusive lock on <c>state/server-PORT.lock</c> around "check health, launch, wait until
/// healthy", so two racing <c>start</c>s end with one server. The OS releases it if the holder dies;
/// the file itself stays (deleting it would let two holders each own "the" lock).
/// </summary>
internal sealed class PortLock : IDisposable
{
    private readonly FileStream _stream;

    private PortLock(FileStream stream) => _stream = stream;

    public static async Task<PortLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new PortLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another start holds it while its server comes up; that takes well under a second.
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
