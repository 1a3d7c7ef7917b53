using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Adjoint.Tensors.Kernels;

/// <summary>
/// Managed general matrix multiply (GEMM) for row-major float64 / float32 data.
/// </summary>
/// <remarks>
/// <para>
/// Large products use a GotoBLAS/BLIS style algorithm: B is packed into kc x NR panels,
/// A into MR x kc panels (or read in place for narrow results), and an MR x NR register-tiled
/// FMA micro-kernel (Vector512 when accelerated, otherwise Vector256) accumulates each tile.
/// Packing buffers are thread-static, pinned and grown on demand, so steady-state calls do not
/// touch fresh memory. Large products are split over up to <see cref="MaxThreads"/> threads.
/// </para>
/// <para>
/// Small products and matrix-vector shapes (m = 1 or n = 1) take a simple loop path without
/// packing, allocation or threading. No entry is ever skipped, so NaN and infinity propagate
/// as IEEE arithmetic dictates. The output must not overlap the inputs.
/// </para>
/// </remarks>
internal static class MatMulKernels
{
    /// <summary>Register tile rows.</summary>
    internal const int MR = 8;

    /// <summary>Products with m*n*k at or below this use the simple loop path.</summary>
    internal const long SmallProductThreshold = 4096;

    /// <summary>Products with m*n*k at or above this may use more than one thread.</summary>
    internal static long ParallelThreshold { get; set; } = 2_000_000;

    /// <summary>Maximum number of threads used by one call (clamped to [1, ProcessorCount]).</summary>
    internal static int MaxThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>When n is at most this, A is read in place instead of being packed (row-major A only).</summary>
    internal static int DirectANMax { get; set; } = 128;

    /// <summary>Threads split columns when there are at least this many NR panels per thread (0: always rows).</summary>
    internal static int SplitColumnsMinPanels { get; set; } = 4;

    /// <summary>Enables software prefetch of the next depth block in long-k A^T B products.</summary>
    internal static bool LongKPrefetch { get; set; } = true;

    /// <summary>Depth (k) block size; 0 selects the per-type default.</summary>
    internal static int KcOverride { get; set; }

    /// <summary>Row (m) block size; 0 selects the per-type default.</summary>
    internal static int McOverride { get; set; }

    /// <summary>Column (n) block size; 0 selects the per-type default.</summary>
    internal static int NcOverride { get; set; }

    // ------------------------------------------------------------------------------------------
    // Public entry points
    // ------------------------------------------------------------------------------------------

    /// <summary>
    /// C = op(A) op(B) (or C += op(A) op(B) when <paramref name="accumulate"/>), row-major float64.
    /// </summary>
    public static unsafe void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, bool accumulate)
    {
        Validate(m, n, k, a.Length, b.Length, c.Length);
        fixed (double* pa = a)
        fixed (double* pb = b)
        fixed (double* pc = c)
        {
            GemmCore(transA, transB, m, n, k, pa, pb, pc, accumulate);
        }
    }

    /// <summary>
    /// C = op(A) op(B) (or C += op(A) op(B) when <paramref name="accumulate"/>), row-major float32.
    /// </summary>
    public static unsafe void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate)
    {
        Validate(m, n, k, a.Length, b.Length, c.Length);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            GemmCore(transA, transB, m, n, k, pa, pb, pc, accumulate);
        }
    }

    private static void Validate(int m, int n, int k, int aLen, int bLen, int cLen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (aLen < (long)m * k)
        {
            throw new ArgumentException($"A has {aLen} elements; {(long)m * k} required for {m}x{k}.", nameof(aLen));
        }

        if (bLen < (long)k * n)
        {
            throw new ArgumentException($"B has {bLen} elements; {(long)k * n} required for {k}x{n}.", nameof(bLen));
        }

        if (cLen < (long)m * n)
        {
            throw new ArgumentException($"C has {cLen} elements; {(long)m * n} required for {m}x{n}.", nameof(cLen));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Dispatch
    // ------------------------------------------------------------------------------------------

    private static unsafe void GemmCore<T>(bool transA, bool transB, int m, int n, int k,
        T* a, T* b, T* c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                new Span<T>(c, m * n).Clear();
            }

            return;
        }

        long work = (long)m * n * k;
        if (work <= SmallProductThreshold || m == 1 || n == 1 || !Vector256.IsHardwareAccelerated)
        {
            Simple(transA, transB, m, n, k, a, b, c, accumulate);
            return;
        }

        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        int threads = Math.Min(Math.Max(MaxThreads, 1), Environment.ProcessorCount);
        if (threads <= 1 || work < ParallelThreshold)
        {
            Blocked(transA, transB, m, n, k, a, lda, b, ldb, c, n, accumulate);
            return;
        }

        RunParallel(threads, transA, transB, m, n, k, a, lda, b, ldb, c, accumulate);
    }

    private static unsafe void RunParallel<T>(int threads, bool transA, bool transB, int m, int n, int k,
        T* a, int lda, T* b, int ldb, T* c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nr = Nr<T>();
        int mPanels = (m + MR - 1) / MR;
        int nPanels = (n + nr - 1) / nr;

        // Long-k products with a small result (e.g. A^T B in backprop): split k, so no thread
        // re-reads the other's share of A or B, and reduce the partial results.
        if (k >= 4 * Math.Max(m, n) && (long)m * n <= 512 * 512)
        {
            ParallelOverK(threads, transA, transB, m, n, k, a, lda, b, ldb, c, accumulate);
            return;
        }

        // Wide results: split columns, so each thread packs only its own part of B (A blocks are
        // small and cheap to pack twice). Narrow results: split rows (B is small).
        bool splitRows = SplitColumnsMinPanels <= 0 || nPanels < SplitColumnsMinPanels * threads;
        int panels = splitRows ? mPanels : nPanels;
        int parts = Math.Min(threads, panels);
        if (parts <= 1)
        {
            Blocked(transA, transB, m, n, k, a, lda, b, ldb, c, n, accumulate);
            return;
        }

        nint pa = (nint)a, pb = (nint)b, pc = (nint)c;
        int es = sizeof(T);
        System.Threading.Tasks.Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            int p0 = (int)((long)panels * part / parts);
            int p1 = (int)((long)panels * (part + 1) / parts);
            if (splitRows)
            {
                int i0 = p0 * MR;
                int i1 = Math.Min(m, p1 * MR);
                nint aOff = transA ? i0 : (nint)i0 * lda;
                Blocked(transA, transB, i1 - i0, n, k, (T*)(pa + aOff * es), lda, (T*)pb, ldb,
                    (T*)(pc + (nint)i0 * n * es), n, accumulate);
            }
            else
            {
                int j0 = p0 * nr;
                int j1 = Math.Min(n, p1 * nr);
                nint bOff = transB ? (nint)j0 * ldb : j0;
                Blocked(transA, transB, m, j1 - j0, k, (T*)pa, lda, (T*)(pb + bOff * es), ldb,
                    (T*)(pc + (nint)j0 * es), n, accumulate);
            }
        });
    }

    private static unsafe void ParallelOverK<T>(int threads, bool transA, bool transB, int m, int n, int k,
        T* a, int lda, T* b, int ldb, T* c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int parts = threads;
        int mn = m * n;
        T[] scratch = ArrayPool<T>.Shared.Rent((parts - 1) * mn);
        try
        {
            fixed (T* ps = scratch)
            {
                nint pa = (nint)a, pb = (nint)b, pc = (nint)c, pscr = (nint)ps;
                int es = sizeof(T);
                System.Threading.Tasks.Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
                {
                    int k0 = (int)((long)k * part / parts);
                    int k1 = (int)((long)k * (part + 1) / parts);
                    nint aOff = transA ? (nint)k0 * lda : k0;
                    nint bOff = transB ? k0 : (nint)k0 * ldb;
                    T* dst = part == 0 ? (T*)pc : (T*)(pscr + (nint)(part - 1) * mn * es);
                    Blocked(transA, transB, m, n, k1 - k0, (T*)(pa + aOff * es), lda, (T*)(pb + bOff * es), ldb,
                        dst, n, part == 0 && accumulate);
                });

                for (int part = 1; part < parts; part++)
                {
                    Add(ps + (nint)(part - 1) * mn, c, mn);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Nr<T>() where T : unmanaged
        => Vector512.IsHardwareAccelerated ? 2 * Vector512<T>.Count : 2 * Vector256<T>.Count;

    private static int Kc<T>() where T : unmanaged
        => KcOverride > 0 ? KcOverride : (typeof(T) == typeof(double) ? 512 : 768);

    private static int Mc<T>() where T : unmanaged
        => McOverride > 0 ? McOverride : 96;

    private static int Nc<T>() where T : unmanaged
        => NcOverride > 0 ? NcOverride : 4096;

    // ------------------------------------------------------------------------------------------
    // Blocked (packed) path, single thread
    // ------------------------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Blocked<T>(bool transA, bool transB, int m, int n, int k,
        T* a, int lda, T* b, int ldb, T* c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nr = Nr<T>();

        // Balanced block sizes (avoid a tiny trailing block).
        int kcMax = Kc<T>();
        int kBlocks = (k + kcMax - 1) / kcMax;
        int kcB = (k + kBlocks - 1) / kBlocks;

        int mcMax = Mc<T>();
        int mBlocks = (m + mcMax - 1) / mcMax;
        int mcB = RoundUp((m + mBlocks - 1) / mBlocks, MR);

        int ncMax = Nc<T>();
        int nBlocks = (n + ncMax - 1) / ncMax;
        int ncB = RoundUp((n + nBlocks - 1) / nBlocks, nr);

        // For narrow results each A panel is reused by only a few B panels, so packing A costs
        // more than it saves: the micro-kernel then reads A in place with (row, column) strides.
        bool directA = n <= DirectANMax;
        nint dRs = transA ? 1 : lda, dCs = transA ? lda : 1;

        // Long-k A^T B (e.g. weight gradients): with a single row and column block, the next
        // depth block of A and of B are each one contiguous range; the micro-kernels prefetch it
        // into L2 while computing the current block, overlapping the stream with the FMAs.
        bool streamK = LongKPrefetch && transA && !transB && m <= mcB && n <= ncB && lda == m && ldb == n && k > kcB;

        T* bBuf = PackBuffers<T>.B(kcB * RoundUp(Math.Min(ncB, n), nr));
        T* aBuf = PackBuffers<T>.A(kcB * RoundUp(Math.Min(mcB, m), MR));
        T* tile = stackalloc T[MR * 2 * Vector512<T>.Count];

        for (int jc = 0; jc < n; jc += ncB)
        {
            int nc = Math.Min(ncB, n - jc);
            for (int pc = 0; pc < k; pc += kcB)
            {
                int kc = Math.Min(kcB, k - pc);
                bool add = accumulate || pc > 0;
                T* bSrc = transB ? b + (nint)jc * ldb + pc : b + (nint)pc * ldb + jc;
                PackB(transB, kc, nc, bSrc, ldb, bBuf, nr);

                byte* pfA = null, pfB = null;
                nint pfBytesA = 0, pfBytesAll = 0, pfOffset = 0;
                if (streamK && pc + kc < k)
                {
                    int kNext = Math.Min(kcB, k - pc - kc);
                    pfA = (byte*)(a + (nint)(pc + kc) * lda);
                    pfB = (byte*)(b + (nint)(pc + kc) * ldb);
                    pfBytesA = (nint)kNext * m * sizeof(T);
                    pfBytesAll = pfBytesA + ((nint)kNext * n * sizeof(T));
                }

                for (int ic = 0; ic < m; ic += mcB)
                {
                    int mc = Math.Min(mcB, m - ic);
                    T* aSrc = transA ? a + (nint)pc * lda + ic : a + (nint)ic * lda + pc;
                    if (!directA)
                    {
                        PackA(transA, mc, kc, aSrc, lda, aBuf);
                    }
                    else if (mc % MR != 0)
                    {
                        // Only the ragged last panel is packed (zero-padded) in direct mode.
                        int full = mc - mc % MR;
                        PackA(transA, mc - full, kc, aSrc + (full * dRs), lda, aBuf);
                    }

                    T* cBlock = c + (nint)ic * ldc + jc;
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int nrEff = Math.Min(nr, nc - jr);
                        T* bp = bBuf + (nint)(jr / nr) * kc * nr;
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int mrEff = Math.Min(MR, mc - ir);
                            T* ap;
                            nint rs, cs;
                            if (!directA)
                            {
                                ap = aBuf + (nint)(ir / MR) * kc * MR;
                                rs = 1;
                                cs = MR;
                            }
                            else if (mrEff == MR)
                            {
                                ap = aSrc + (ir * dRs);
                                rs = dRs;
                                cs = dCs;
                            }
                            else
                            {
                                ap = aBuf;
                                rs = 1;
                                cs = MR;
                            }

                            T* cp = cBlock + (nint)ir * ldc + jr;
                            byte* pf = null;
                            if (pfOffset < pfBytesAll)
                            {
                                pf = pfOffset < pfBytesA ? pfA + pfOffset : pfB + (pfOffset - pfBytesA);
                                pfOffset += (nint)kc * 64;
                            }

                            if (mrEff == MR && nrEff == nr)
                            {
                                MicroKernel(kc, ap, rs, cs, bp, cp, ldc, add, pf);
                            }
                            else
                            {
                                MicroKernel(kc, ap, rs, cs, bp, tile, nr, false, pf);
                                MergeTile(tile, nr, cp, ldc, mrEff, nrEff, add);
                            }
                        }
                    }
                }
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MergeTile<T>(T* tile, int ldt, T* c, int ldc, int rows, int cols, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < rows; i++)
        {
            T* src = tile + (nint)i * ldt;
            T* dst = c + (nint)i * ldc;
            if (add)
            {
                for (int j = 0; j < cols; j++)
                {
                    dst[j] += src[j];
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    dst[j] = src[j];
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[0..kc, 0..nc] into consecutive kc x nr panels (row p of a panel holds nr
    /// contiguous values; columns past nc are zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackB<T>(bool transB, int kc, int nc, T* b, int ldb, T* dst, int nr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int fullPanels = nc / nr;
        int rem = nc - fullPanels * nr;
        nint panelSize = (nint)kc * nr;
        if (!transB)
        {
            // Walk each source row once, left to right, scattering it over the panels.
            for (int p = 0; p < kc; p++)
            {
                T* s = b + (nint)p * ldb;
                T* d = dst + (nint)p * nr;
                if (Vector512.IsHardwareAccelerated)
                {
                    int v = Vector512<T>.Count;
                    for (int jp = 0; jp < fullPanels; jp++)
                    {
                        Vector512.Store(Vector512.Load(s), d);
                        Vector512.Store(Vector512.Load(s + v), d + v);
                        s += nr;
                        d += panelSize;
                    }
                }
                else
                {
                    int v = Vector256<T>.Count;
                    for (int jp = 0; jp < fullPanels; jp++)
                    {
                        Vector256.Store(Vector256.Load(s), d);
                        Vector256.Store(Vector256.Load(s + v), d + v);
                        s += nr;
                        d += panelSize;
                    }
                }

                if (rem > 0)
                {
                    int j = 0;
                    for (; j < rem; j++)
                    {
                        d[j] = s[j];
                    }

                    for (; j < nr; j++)
                    {
                        d[j] = T.Zero;
                    }
                }
            }
        }
        else
        {
            // op(B)(p, j) = b[j * ldb + p]: column j of a panel is a contiguous run of b.
            for (int j0 = 0; j0 < nc; j0 += nr)
            {
                int w = Math.Min(nr, nc - j0);
                T* panel = dst + (nint)(j0 / nr) * panelSize;
                int j = 0;
                for (; j < w; j++)
                {
                    T* src = b + (nint)(j0 + j) * ldb;
                    T* d = panel + j;
                    for (int p = 0; p < kc; p++)
                    {
                        d[(nint)p * nr] = src[p];
                    }
                }

                for (; j < nr; j++)
                {
                    T* d = panel + j;
                    for (int p = 0; p < kc; p++)
                    {
                        d[(nint)p * nr] = T.Zero;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs op(A)[0..mc, 0..kc] into consecutive MR x kc panels (column p of a panel holds MR
    /// contiguous values; rows past mc are zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackA<T>(bool transA, int mc, int kc, T* a, int lda, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int fullPanels = mc / MR;
        int rem = mc - fullPanels * MR;
        nint panelSize = (nint)kc * MR;
        if (transA)
        {
            // op(A)(i, p) = a[p * lda + i]: walk each source row once, MR values per panel.
            for (int p = 0; p < kc; p++)
            {
                T* s = a + (nint)p * lda;
                T* d = dst + (nint)p * MR;
                if (typeof(T) == typeof(double) && Vector512.IsHardwareAccelerated)
                {
                    for (int ip = 0; ip < fullPanels; ip++)
                    {
                        Vector512.Store(Vector512.Load(s), d);
                        s += MR;
                        d += panelSize;
                    }
                }
                else if (Vector256<T>.Count == MR && Vector256.IsHardwareAccelerated)
                {
                    for (int ip = 0; ip < fullPanels; ip++)
                    {
                        Vector256.Store(Vector256.Load(s), d);
                        s += MR;
                        d += panelSize;
                    }
                }
                else
                {
                    for (int ip = 0; ip < fullPanels; ip++)
                    {
                        for (int i = 0; i < MR; i++)
                        {
                            d[i] = s[i];
                        }

                        s += MR;
                        d += panelSize;
                    }
                }

                if (rem > 0)
                {
                    int i = 0;
                    for (; i < rem; i++)
                    {
                        d[i] = s[i];
                    }

                    for (; i < MR; i++)
                    {
                        d[i] = T.Zero;
                    }
                }
            }
        }
        else
        {
            // op(A)(i, p) = a[i * lda + p]: each row is contiguous; scatter with stride MR.
            for (int i0 = 0; i0 < mc; i0 += MR)
            {
                int h = Math.Min(MR, mc - i0);
                T* panel = dst + (nint)(i0 / MR) * panelSize;
                int i = 0;
                for (; i < h; i++)
                {
                    T* src = a + (nint)(i0 + i) * lda;
                    T* d = panel + i;
                    for (int p = 0; p < kc; p++)
                    {
                        d[(nint)p * MR] = src[p];
                    }
                }

                for (; i < MR; i++)
                {
                    T* d = panel + i;
                    for (int p = 0; p < kc; p++)
                    {
                        d[(nint)p * MR] = T.Zero;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Micro-kernels: C[0..MR, 0..NR] (=|+=) sum_p A(r, p) * Bpanel[p, 0..NR]
    // A(r, p) = a[r * rs + p * cs]; Bpanel row p = b[p * NR .. p * NR + NR].
    // ------------------------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void MicroKernel<T>(int kc, T* a, nint rs, nint cs, T* b, T* c, nint ldc, bool add, byte* prefetch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated)
        {
            if (prefetch == null || !Sse.IsSupported)
            {
                Kernel512<T, NoPrefetch>(kc, a, rs, cs, b, c, ldc, add, null);
            }
            else
            {
                Kernel512<T, StreamPrefetch>(kc, a, rs, cs, b, c, ldc, add, prefetch);
            }
        }
        else
        {
            if (prefetch == null || !Sse.IsSupported)
            {
                Kernel256<T, NoPrefetch>(kc, a, rs, cs, b, c, ldc, add, null);
            }
            else
            {
                Kernel256<T, StreamPrefetch>(kc, a, rs, cs, b, c, ldc, add, prefetch);
            }
        }
    }

    /// <summary>Compile-time switch: does the micro-kernel prefetch one cache line per k step?</summary>
    private interface IPrefetchMode
    {
        static abstract bool Enabled { get; }
    }

    private readonly struct NoPrefetch : IPrefetchMode
    {
        public static bool Enabled => false;
    }

    private readonly struct StreamPrefetch : IPrefetchMode
    {
        public static bool Enabled => true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma512<T>(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
        }

        return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma256<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
        where T : unmanaged
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(double))
            {
                return Fma.MultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
            }

            return Fma.MultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        }

        return (x * y) + acc;
    }

    /// <summary>Prefetches the MR rows of a C tile (row width in bytes) so the final update does not stall.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchTile<T>(T* c, nint ldc, int rowBytes)
        where T : unmanaged
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        byte* p = (byte*)c;
        nint stride = ldc * sizeof(T);
        for (int r = 0; r < MR; r++)
        {
            Sse.Prefetch0(p);
            Sse.Prefetch0(p + rowBytes - 1);
            p += stride;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel512<T, TPrefetch>(int kc, T* a, nint rs, nint cs, T* b, T* c, nint ldc, bool add, byte* prefetch)
        where T : unmanaged
        where TPrefetch : struct, IPrefetchMode
    {
        int v = Vector512<T>.Count;
        nint nr = 2 * v;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;

        PrefetchTile(c, ldc, 2 * v * sizeof(T));
        T* a4 = a + 4 * rs;
        nint rs2 = 2 * rs, rs3 = 3 * rs;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + v);
            Vector512<T> x = Vector512.Create(a[0]);
            c00 = Fma512(x, b0, c00);
            c01 = Fma512(x, b1, c01);
            x = Vector512.Create(a[rs]);
            c10 = Fma512(x, b0, c10);
            c11 = Fma512(x, b1, c11);
            x = Vector512.Create(a[rs2]);
            c20 = Fma512(x, b0, c20);
            c21 = Fma512(x, b1, c21);
            x = Vector512.Create(a[rs3]);
            c30 = Fma512(x, b0, c30);
            c31 = Fma512(x, b1, c31);
            x = Vector512.Create(a4[0]);
            c40 = Fma512(x, b0, c40);
            c41 = Fma512(x, b1, c41);
            x = Vector512.Create(a4[rs]);
            c50 = Fma512(x, b0, c50);
            c51 = Fma512(x, b1, c51);
            x = Vector512.Create(a4[rs2]);
            c60 = Fma512(x, b0, c60);
            c61 = Fma512(x, b1, c61);
            x = Vector512.Create(a4[rs3]);
            c70 = Fma512(x, b0, c70);
            c71 = Fma512(x, b1, c71);
            if (TPrefetch.Enabled)
            {
                Sse.Prefetch1(prefetch);
                prefetch += 64;
            }

            a += cs;
            a4 += cs;
            b += nr;
        }

        if (add)
        {
            c00 += Vector512.Load(c); c01 += Vector512.Load(c + v); c += ldc;
            c10 += Vector512.Load(c); c11 += Vector512.Load(c + v); c += ldc;
            c20 += Vector512.Load(c); c21 += Vector512.Load(c + v); c += ldc;
            c30 += Vector512.Load(c); c31 += Vector512.Load(c + v); c += ldc;
            c40 += Vector512.Load(c); c41 += Vector512.Load(c + v); c += ldc;
            c50 += Vector512.Load(c); c51 += Vector512.Load(c + v); c += ldc;
            c60 += Vector512.Load(c); c61 += Vector512.Load(c + v); c += ldc;
            c70 += Vector512.Load(c); c71 += Vector512.Load(c + v);
            c -= 7 * ldc;
        }

        Vector512.Store(c00, c); Vector512.Store(c01, c + v); c += ldc;
        Vector512.Store(c10, c); Vector512.Store(c11, c + v); c += ldc;
        Vector512.Store(c20, c); Vector512.Store(c21, c + v); c += ldc;
        Vector512.Store(c30, c); Vector512.Store(c31, c + v); c += ldc;
        Vector512.Store(c40, c); Vector512.Store(c41, c + v); c += ldc;
        Vector512.Store(c50, c); Vector512.Store(c51, c + v); c += ldc;
        Vector512.Store(c60, c); Vector512.Store(c61, c + v); c += ldc;
        Vector512.Store(c70, c); Vector512.Store(c71, c + v);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel256<T, TPrefetch>(int kc, T* a, nint rs, nint cs, T* b, T* c, nint ldc, bool add, byte* prefetch)
        where T : unmanaged
        where TPrefetch : struct, IPrefetchMode
    {
        int v = Vector256<T>.Count;
        nint nr = 2 * v;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector256<T> c60 = default, c61 = default, c70 = default, c71 = default;

        T* a4 = a + 4 * rs;
        nint rs2 = 2 * rs, rs3 = 3 * rs;
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b);
            Vector256<T> b1 = Vector256.Load(b + v);
            Vector256<T> x = Vector256.Create(a[0]);
            c00 = Fma256(x, b0, c00);
            c01 = Fma256(x, b1, c01);
            x = Vector256.Create(a[rs]);
            c10 = Fma256(x, b0, c10);
            c11 = Fma256(x, b1, c11);
            x = Vector256.Create(a[rs2]);
            c20 = Fma256(x, b0, c20);
            c21 = Fma256(x, b1, c21);
            x = Vector256.Create(a[rs3]);
            c30 = Fma256(x, b0, c30);
            c31 = Fma256(x, b1, c31);
            x = Vector256.Create(a4[0]);
            c40 = Fma256(x, b0, c40);
            c41 = Fma256(x, b1, c41);
            x = Vector256.Create(a4[rs]);
            c50 = Fma256(x, b0, c50);
            c51 = Fma256(x, b1, c51);
            x = Vector256.Create(a4[rs2]);
            c60 = Fma256(x, b0, c60);
            c61 = Fma256(x, b1, c61);
            x = Vector256.Create(a4[rs3]);
            c70 = Fma256(x, b0, c70);
            c71 = Fma256(x, b1, c71);
            if (TPrefetch.Enabled)
            {
                Sse.Prefetch1(prefetch);
                prefetch += 64;
            }

            a += cs;
            a4 += cs;
            b += nr;
        }

        if (add)
        {
            c00 += Vector256.Load(c); c01 += Vector256.Load(c + v); c += ldc;
            c10 += Vector256.Load(c); c11 += Vector256.Load(c + v); c += ldc;
            c20 += Vector256.Load(c); c21 += Vector256.Load(c + v); c += ldc;
            c30 += Vector256.Load(c); c31 += Vector256.Load(c + v); c += ldc;
            c40 += Vector256.Load(c); c41 += Vector256.Load(c + v); c += ldc;
            c50 += Vector256.Load(c); c51 += Vector256.Load(c + v); c += ldc;
            c60 += Vector256.Load(c); c61 += Vector256.Load(c + v); c += ldc;
            c70 += Vector256.Load(c); c71 += Vector256.Load(c + v);
            c -= 7 * ldc;
        }

        Vector256.Store(c00, c); Vector256.Store(c01, c + v); c += ldc;
        Vector256.Store(c10, c); Vector256.Store(c11, c + v); c += ldc;
        Vector256.Store(c20, c); Vector256.Store(c21, c + v); c += ldc;
        Vector256.Store(c30, c); Vector256.Store(c31, c + v); c += ldc;
        Vector256.Store(c40, c); Vector256.Store(c41, c + v); c += ldc;
        Vector256.Store(c50, c); Vector256.Store(c51, c + v); c += ldc;
        Vector256.Store(c60, c); Vector256.Store(c61, c + v); c += ldc;
        Vector256.Store(c70, c); Vector256.Store(c71, c + v);
    }

    // ------------------------------------------------------------------------------------------
    // Simple path: small products and matrix-vector shapes. No packing, no allocation.
    // ------------------------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Simple<T>(bool transA, bool transB, int m, int n, int k,
        T* a, T* b, T* c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // op(A)(i, p) = a[i * aRs + p * aCs]; op(B)(p, j) = b[p * bRs + j * bCs].
        nint aRs = transA ? 1 : k, aCs = transA ? m : 1;
        nint bRs = transB ? 1 : n, bCs = transB ? k : 1;

        if (n == 1 && transA)
        {
            // c[0..m] (+)= sum_p b(p) * A^T row p (contiguous in i).
            if (!accumulate)
            {
                new Span<T>(c, m).Clear();
            }

            for (int p = 0; p < k; p++)
            {
                Axpy(b[p * bRs], a + (nint)p * m, c, m);
            }

            return;
        }

        if (n != 1 && !transB)
        {
            // Row form: C row i (+)= A(i, p) * B row p (contiguous in j).
            for (int i = 0; i < m; i++)
            {
                T* ci = c + (nint)i * n;
                if (!accumulate)
                {
                    new Span<T>(ci, n).Clear();
                }

                T* ai = a + i * aRs;
                for (int p = 0; p < k; p++)
                {
                    Axpy(ai[p * aCs], b + (nint)p * n, ci, n);
                }
            }

            return;
        }

        // Dot form: C(i, j) = <A row i, B column j>.
        for (int i = 0; i < m; i++)
        {
            T* ci = c + (nint)i * n;
            T* ai = a + i * aRs;
            for (int j = 0; j < n; j++)
            {
                T d = Dot(ai, aCs, b + j * bCs, bRs, k);
                ci[j] = accumulate ? ci[j] + d : d;
            }
        }
    }

    /// <summary>y[0..len] += alpha * x[0..len].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Axpy<T>(T alpha, T* x, T* y, int len)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && len >= Vector512<T>.Count)
        {
            Vector512<T> va = Vector512.Create(alpha);
            for (; i <= len - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                Vector512.Store(Fma512(va, Vector512.Load(x + i), Vector512.Load(y + i)), y + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && len >= Vector256<T>.Count)
        {
            Vector256<T> va = Vector256.Create(alpha);
            for (; i <= len - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256.Store(Fma256(va, Vector256.Load(x + i), Vector256.Load(y + i)), y + i);
            }
        }

        for (; i < len; i++)
        {
            y[i] = T.FusedMultiplyAdd(alpha, x[i], y[i]);
        }
    }

    /// <summary>sum_p x[p * incx] * y[p * incy].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe T Dot<T>(T* x, nint incx, T* y, nint incy, int len)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int p = 0;
        T sum = T.Zero;
        if (incx == 1 && incy == 1)
        {
            if (Vector512.IsHardwareAccelerated && len >= 2 * Vector512<T>.Count)
            {
                int v = Vector512<T>.Count;
                Vector512<T> s0 = Vector512<T>.Zero, s1 = Vector512<T>.Zero;
                for (; p <= len - 2 * v; p += 2 * v)
                {
                    s0 = Fma512(Vector512.Load(x + p), Vector512.Load(y + p), s0);
                    s1 = Fma512(Vector512.Load(x + p + v), Vector512.Load(y + p + v), s1);
                }

                sum = Vector512.Sum(s0 + s1);
            }
            else if (Vector256.IsHardwareAccelerated && len >= 2 * Vector256<T>.Count)
            {
                int v = Vector256<T>.Count;
                Vector256<T> s0 = Vector256<T>.Zero, s1 = Vector256<T>.Zero;
                for (; p <= len - 2 * v; p += 2 * v)
                {
                    s0 = Fma256(Vector256.Load(x + p), Vector256.Load(y + p), s0);
                    s1 = Fma256(Vector256.Load(x + p + v), Vector256.Load(y + p + v), s1);
                }

                sum = Vector256.Sum(s0 + s1);
            }
        }

        for (; p < len; p++)
        {
            sum = T.FusedMultiplyAdd(x[p * incx], y[p * incy], sum);
        }

        return sum;
    }

    private static unsafe void Add<T>(T* src, T* dst, int len)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= len - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                Vector512.Store(Vector512.Load(dst + i) + Vector512.Load(src + i), dst + i);
            }
        }

        for (; i < len; i++)
        {
            dst[i] += src[i];
        }
    }

    // ------------------------------------------------------------------------------------------
    // Packing buffers: per thread, pinned, 64-byte aligned, grown on demand and never shrunk.
    // ------------------------------------------------------------------------------------------

    private static unsafe class PackBuffers<T>
        where T : unmanaged
    {
        [ThreadStatic]
        private static T[]? s_a;

        [ThreadStatic]
        private static T[]? s_b;

        public static T* A(int length) => Get(ref s_a, length);

        public static T* B(int length) => Get(ref s_b, length);

        private static T* Get(ref T[]? buffer, int length)
        {
            int pad = 64 / sizeof(T);
            if (buffer is null || buffer.Length < length + pad)
            {
                int size = Math.Max(length + pad, buffer is null ? 0 : buffer.Length * 2);
                buffer = GC.AllocateUninitializedArray<T>(size, pinned: true);
            }

            // Pinned object heap: the address is stable for the array's lifetime.
            T* p = (T*)Unsafe.AsPointer(ref buffer[0]);
            nint misalign = (nint)p & 63;
            return misalign == 0 ? p : (T*)((nint)p + 64 - misalign);
        }
    }
}
