using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Adjoint.Tensors.Kernels;

/// <summary>
/// Large arrays made ready before first use: their pages mapped in one system call where Linux allows it, else faulted
/// in by both cores at once.
/// </summary>
/// <remarks>
/// <para>A fresh array's pages are mapped on first write, one fault per 4 KiB page. Where faults are expensive (about
/// 10 us each on virtual machines, so 20 ms for an 8 MB vector, several times the cost of computing with it), a cold
/// run of a large problem spends much of its time there: L-BFGS-B at n = 10⁶ maps about 400 MB (its 2m correction
/// vectors, its state and the pooled tensor storage of one evaluation). Arrays of at least 4 MB are therefore
/// populated with <c>madvise(MADV_POPULATE_WRITE)</c> (Linux 5.14 and later), which maps the whole range without a
/// fault per page; where that is unavailable, the pages are touched once each from two threads. Measured here,
/// 160 MB took 500 ms to fault from one thread, 307 ms from two, and 125-135 ms populated in one call.</para>
/// </remarks>
internal static class FreshMemory
{
    /// <summary>Arrays below this many bytes are left to fault on first use.</summary>
    private const long Threshold = 4L << 20;

    private const int PageBytes = 4096;
    private const int PopulateWrite = 23;

    private static bool s_populateUnavailable = !OperatingSystem.IsLinux();

    /// <summary>A zeroed array of n doubles, prepared when it is large.</summary>
    public static double[] Doubles(int n)
    {
        var array = new double[n];
        Prepare(array);
        return array;
    }

    /// <summary>A copy of <paramref name="values"/> in an array prepared when it is large.</summary>
    public static double[] Copy(ReadOnlySpan<double> values)
    {
        var array = GC.AllocateUninitializedArray<double>(values.Length);
        Prepare(array);
        values.CopyTo(array);
        return array;
    }

    /// <summary>
    /// Maps the pages of a freshly allocated large array of unmanaged elements. It may write zero bytes into it, so it is
    /// for arrays that are all zeros (new) or whose contents do not matter yet (uninitialized).
    /// </summary>
    public static unsafe void Prepare<T>(T[] array)
    {
        long bytes = (long)array.Length * Unsafe.SizeOf<T>();
        if (bytes < Threshold)
        {
            return;
        }

        fixed (byte* start = &Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(array)))
        {
            if (Populate(start, bytes))
            {
                // The partial pages at either end lie outside the populated range.
                start[0] = 0;
                start[bytes - 1] = 0;
                return;
            }

            nint address = (nint)start;
            long pages = (bytes + PageBytes - 1) / PageBytes;
            int parts = Math.Max(1, Math.Min(ParallelKernels.MaxThreads, 2));
            long chunk = (pages + parts - 1) / parts;
            Parallel.For(0, parts, part =>
            {
                // A write maps the page in one fault (a read would map the shared zero page and fault again on write).
                byte* p = (byte*)address;
                long firstPage = part * chunk, lastPage = Math.Min(pages, firstPage + chunk);
                for (long page = firstPage; page < lastPage; page++)
                {
                    long offset = Math.Min(page * PageBytes, bytes - 1);
                    p[offset] = 0;
                }
            });
        }
    }

    /// <summary>Maps the whole pages of [start, start + bytes) for writing in one call; false where the kernel cannot.</summary>
    private static unsafe bool Populate(byte* start, long bytes)
    {
        if (s_populateUnavailable)
        {
            return false;
        }

        long first = ((long)start + PageBytes - 1) & ~(long)(PageBytes - 1);
        long last = ((long)start + bytes) & ~(long)(PageBytes - 1);
        if (last <= first)
        {
            return false;
        }

        try
        {
            if (NativeMethods.madvise((void*)first, (nuint)(last - first), PopulateWrite) == 0)
            {
                return true;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }

        s_populateUnavailable = true; // an older kernel (EINVAL) or no libc: touch pages instead from now on
        return false;
    }

    private static unsafe class NativeMethods
    {
        [DllImport("libc", SetLastError = false)]
        [SkipLocalsInit]
        public static extern int madvise(void* address, nuint length, int advice);
    }
}
