using System.Buffers;

namespace CcTracer.Core.Tests.Capture;

/// <summary>A pool that says how many of its arrays are still out, to see captured chunks freed.</summary>
internal sealed class CountingPool : ArrayPool<byte>
{
    private int _out;

    public int Outstanding => Volatile.Read(ref _out);

    public override byte[] Rent(int minimumLength)
    {
        Interlocked.Increment(ref _out);
        return new byte[minimumLength];
    }

    public override void Return(byte[] array, bool clearArray = false) => Interlocked.Decrement(ref _out);
}
