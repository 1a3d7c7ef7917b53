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

    [ThreadStatic] private static Bucket<double>[]? t_double;
    [ThreadStatic] private static Bucket<float>[]? t_float;
    [ThreadStatic] private static long t_pooledBytes;

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
        var buckets = Buckets<T>();
        var b = buckets[c];
        if (b is not null && b.Count > 0)
        {
            var arr = b.Items[--b.Count]!;
            b.Items[b.Count] = null;
            t_pooledBytes -= (long)arr.Length * Unsafe.SizeOf<T>();
            return arr;
        }

        return GC.AllocateUninitializedArray<T>(c >= 31 ? int.MaxValue : 1 << c);
    }

    public static void Return<T>(T[] array)
    {
        int len = array.Length;
        if (len == 0 || !BitOperations.IsPow2(len) || len > (1 << 30))
        {
            return;
        }

        long bytes = (long)len * Unsafe.SizeOf<T>();
        if (t_pooledBytes + bytes > MaxPooledBytesPerThread)
        {
            return;
        }

        var buckets = Buckets<T>();
        int c = SizeClass(len);
        var b = buckets[c] ??= new Bucket<T>();
        if (b.Count < MaxPerClass)
        {
            b.Items[b.Count++] = array;
            t_pooledBytes += bytes;
        }
    }

    private static Bucket<T>?[] Buckets<T>()
    {
        if (typeof(T) == typeof(double))
        {
            return Unsafe.As<Bucket<T>?[]>(t_double ??= new Bucket<double>[Classes]);
        }

        if (typeof(T) == typeof(float))
        {
            return Unsafe.As<Bucket<T>?[]>(t_float ??= new Bucket<float>[Classes]);
        }

        throw new NotSupportedException($"No storage pool for {typeof(T)}.");
    }
}
