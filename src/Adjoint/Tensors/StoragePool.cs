using System.Numerics;
using System.Runtime.CompilerServices;

namespace Adjoint.Tensors;

/// <summary>
/// Per-thread pool of tensor storage arrays in power-of-two size classes.
/// </summary>
/// <remarks>
/// Touching fresh memory costs about 10 us per 4 KiB page on the machines this library targets, so a buffer
/// allocated per operation is 25-80x slower than a reused one. Evaluations run inside a <see cref="TensorScope"/>
/// return their intermediates here, and the next evaluation of the same shapes finds them again. Each thread
/// keeps its own buckets, so renting takes no lock. Rented arrays are not cleared.
/// </remarks>
internal static class StoragePool
{
    private const int Classes = 32;
    private const int MaxPerClass = 64;
    private const long MaxPooledBytesPerThread = 2L << 30;

    /// <summary>This thread's buckets and byte count, behind one thread-static read per rent or return.</summary>
    [ThreadStatic] private static PoolState? t_state;

    private sealed class PoolState
    {
        public readonly Bucket<double>?[] Doubles = new Bucket<double>?[Classes];
        public readonly Bucket<float>?[] Floats = new Bucket<float>?[Classes];
        public long PooledBytes;

        public Bucket<T>?[] Buckets<T>() =>
            typeof(T) == typeof(double) ? Unsafe.As<Bucket<T>?[]>(Doubles)
            : typeof(T) == typeof(float) ? Unsafe.As<Bucket<T>?[]>(Floats)
            : throw new NotSupportedException($"No storage pool for {typeof(T)}.");
    }

    private sealed class Bucket<T>
    {
        public readonly T[]?[] Items = new T[]?[MaxPerClass];
        public int Count;
    }

    private static int SizeClass(int length) => length <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(length - 1));

    public static T[] Rent<T>(int length)
    {
        if (length == 0)
        {
            return [];
        }

        int c = SizeClass(length);
        var state = t_state ??= new PoolState();
        var b = state.Buckets<T>()[c];
        if (b is not null && b.Count > 0)
        {
            var arr = b.Items[--b.Count]!;
            b.Items[b.Count] = null;
            state.PooledBytes -= (long)arr.Length * Unsafe.SizeOf<T>();
            return arr;
        }

        var fresh = GC.AllocateUninitializedArray<T>(c >= 31 ? int.MaxValue : 1 << c);
        Kernels.FreshMemory.Prepare(fresh);
        return fresh;
    }

    public static void Return<T>(T[] array)
    {
        int len = array.Length;
        if (len == 0 || !BitOperations.IsPow2(len) || len > (1 << 30))
        {
            return;
        }

        long bytes = (long)len * Unsafe.SizeOf<T>();
        var state = t_state ??= new PoolState();
        if (state.PooledBytes + bytes > MaxPooledBytesPerThread)
        {
            return;
        }

        var buckets = state.Buckets<T>();
        int c = SizeClass(len);
        var b = buckets[c] ??= new Bucket<T>();
        if (b.Count < MaxPerClass)
        {
            b.Items[b.Count++] = array;
            state.PooledBytes += bytes;
        }
    }
}
