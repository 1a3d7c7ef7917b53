using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Adjoint.Tensors.Kernels;

/// <summary>
/// Large arrays made ready before first use: backed by transparent huge pages where Linux allows it, and their pages
/// faulted in by both cores at once.
/// </summary>
/// <remarks>
/// <para>A fresh array's pages are mapped on first write, one fault per 4 KiB page. Where faults are expensive (about
/// 10 us each on virtual machines, so 20 ms for an 8 MB vector, several times the cost of computing with it), a cold
/// run of a large problem spends much of its time there: L-BFGS-B at n = 10⁶ maps about 400 MB (its 2m correction
/// vectors, its state and the pooled tensor storage of one evaluation). Arrays of at least 4 MB are therefore advised
/// as huge-page candidates (<c>madvise(MADV_HUGEPAGE)</c> on their 2 MB-aligned interior, which lets one fault map
/// 2 MB) and then touched once per page from two threads. The advice is a hint: where it is unavailable (other
/// systems, transparent huge pages disabled) only the parallel touch remains. Measured here, 160 MB took 458 ms to
/// fault from one thread, 307 ms from two, and 161 ms from two with the advice.</para>
/// </remarks>
internal static class FreshMemory
{
    /// <summary>Arrays below this many bytes are left to fault on first use.</summary>
    private const long Threshold = 4L << 20;

    private const int PageBytes = 4096;
    private const long HugePageBytes = 2L << 20;
    private const int AdviseHugePage = 14;

    private static bool s_adviceUnavailable = !OperatingSystem.IsLinux();

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
    /// Advises and pre-faults a freshly allocated large array of unmanaged elements. It writes a zero byte to each page,
    /// so it is for arrays that are all zeros (new) or whose contents do not matter yet (uninitialized).
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
            Advise(start, bytes);
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

    private static unsafe void Advise(byte* start, long bytes)
    {
        if (s_adviceUnavailable)
        {
            return;
        }

        long first = ((long)start + HugePageBytes - 1) & ~(HugePageBytes - 1);
        long last = ((long)start + bytes) & ~(HugePageBytes - 1);
        if (last <= first)
        {
            return;
        }

        try
        {
            _ = NativeMethods.madvise((void*)first, (nuint)(last - first), AdviseHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_adviceUnavailable = true;
        }
    }

    private static unsafe class NativeMethods
    {
        [DllImport("libc", SetLastError = false)]
        [SkipLocalsInit]
        public static extern int madvise(void* address, nuint length, int advice);
    }
}
