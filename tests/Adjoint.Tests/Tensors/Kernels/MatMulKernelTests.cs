using Adjoint.Tensors.Kernels;

namespace Adjoint.Tests.Tensors.Kernels;

public class MatMulKernelTests
{
    // (m, n, k) shapes: degenerate, vector, tile-edge, primes, and big enough to pack and thread.
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 0, 0, 0 }, { 0, 5, 3 }, { 4, 0, 3 }, { 3, 4, 0 },
        { 1, 1, 1 }, { 2, 2, 2 }, { 1, 1, 100 }, { 100, 1, 1 }, { 1, 100, 1 },
        { 100, 1, 37 }, { 1, 100, 37 }, { 1, 257, 300 }, { 300, 1, 257 },
        { 7, 7, 7 }, { 8, 8, 8 }, { 9, 9, 9 }, { 15, 15, 15 }, { 16, 16, 16 }, { 17, 17, 17 },
        { 33, 33, 33 }, { 8, 16, 64 }, { 9, 17, 65 }, { 7, 15, 63 }, { 16, 32, 32 }, { 24, 48, 5 },
        { 17, 31, 13 }, { 31, 13, 17 }, { 13, 17, 31 }, { 64, 64, 1 }, { 65, 33, 2 },
        { 100, 64, 64 }, { 129, 70, 40 }, { 40, 300, 20 },
        { 300, 257, 129 }, { 64, 64, 1200 }, { 40, 70, 1000 }, { 700, 40, 300 }, { 40, 700, 300 },
    };

    // Naive reference, accumulated in double, from the logical operands (lda/ldb per the contract).
    private static double[] Naive(bool tA, bool tB, int m, int n, int k, double[] a, double[] b)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                int ai = tA ? i : i * k, aStep = tA ? m : 1;
                int bj = tB ? j * k : j, bStep = tB ? 1 : n;
                for (int p = 0; p < k; p++)
                {
                    s += a[ai + (p * aStep)] * b[bj + (p * bStep)];
                }

                c[i * n + j] = s;
            }
        }

        return c;
    }

    private static double[] Random(int len, int seed)
    {
        var rng = new Random(seed);
        var x = new double[len];
        for (int i = 0; i < len; i++)
        {
            x[i] = rng.NextDouble() * 2 - 1;
        }

        return x;
    }

    // Runs Gemm with accumulate false and true (on a random initial C) against the naive product.
    private static void CheckDouble(bool tA, bool tB, int m, int n, int k)
    {
        double[] a = Random(m * k, 1 + m), b = Random(k * n, 2 + n);
        double[] c0 = Random(m * n, 3 + k);
        double[] product = Naive(tA, tB, m, n, k, a, b);
        double tol = 1e-13 * (k + 1) + 1e-14;
        foreach (bool accumulate in new[] { false, true })
        {
            double[] c = (double[])c0.Clone();
            MatMulKernels.Gemm(tA, tB, m, n, k, a, b, c, accumulate);
            for (int i = 0; i < c.Length; i++)
            {
                double expected = accumulate ? product[i] + c0[i] : product[i];
                Assert.True(Math.Abs(c[i] - expected) <= tol,
                    $"({tA},{tB},{m},{n},{k},acc={accumulate}) index {i}: got {c[i]}, expected {expected}");
            }
        }
    }

    private static void CheckSingle(bool tA, bool tB, int m, int n, int k)
    {
        float[] a = Array.ConvertAll(Random(m * k, 11 + m), x => (float)x);
        float[] b = Array.ConvertAll(Random(k * n, 12 + n), x => (float)x);
        float[] c0 = Array.ConvertAll(Random(m * n, 13 + k), x => (float)x);
        double[] product = Naive(tA, tB, m, n, k, Array.ConvertAll(a, x => (double)x), Array.ConvertAll(b, x => (double)x));
        double tol = 2e-6 * (k + 2);
        foreach (bool accumulate in new[] { false, true })
        {
            float[] c = (float[])c0.Clone();
            MatMulKernels.Gemm(tA, tB, m, n, k, a, b, c, accumulate);
            for (int i = 0; i < c.Length; i++)
            {
                double expected = accumulate ? product[i] + c0[i] : product[i];
                Assert.True(Math.Abs(c[i] - expected) <= tol,
                    $"({tA},{tB},{m},{n},{k},acc={accumulate}) index {i}: got {c[i]}, expected {expected}");
            }
        }
    }

    private static void CheckBoth(bool tA, bool tB, int m, int n, int k)
    {
        CheckDouble(tA, tB, m, n, k);
        CheckSingle(tA, tB, m, n, k);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemm_NoTranspose_MatchesNaive(int m, int n, int k) => CheckBoth(false, false, m, n, k);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemm_TransposedA_MatchesNaive(int m, int n, int k) => CheckBoth(true, false, m, n, k);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemm_TransposedB_MatchesNaive(int m, int n, int k) => CheckBoth(false, true, m, n, k);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemm_TransposedBoth_MatchesNaive(int m, int n, int k) => CheckBoth(true, true, m, n, k);

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Gemm_SingleThreaded_MatchesNaive(bool tA, bool tB)
    {
        int saved = MatMulKernels.MaxThreads;
        try
        {
            MatMulKernels.MaxThreads = 1;
            CheckBoth(tA, tB, 300, 257, 129);
            CheckBoth(tA, tB, 64, 64, 1200);
        }
        finally
        {
            MatMulKernels.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(1, true)]
    public void Gemm_KZero_GivesZerosOrLeavesC(int dummy, bool accumulate)
    {
        _ = dummy;
        var c = new double[] { 1, 2, 3, 4, 5, 6 };
        MatMulKernels.Gemm(false, false, 2, 3, 0, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, c, accumulate);
        Assert.Equal(accumulate ? new double[] { 1, 2, 3, 4, 5, 6 } : new double[6], c);

        var cf = new float[] { float.NaN, 2, 3, 4 };
        MatMulKernels.Gemm(true, true, 2, 2, 0, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, cf, accumulate);
        if (accumulate)
        {
            Assert.True(float.IsNaN(cf[0]));
        }
        else
        {
            Assert.Equal(new float[4], cf);
        }
    }

    [Fact]
    public void Gemm_TwoByTwo_Exact()
    {
        double[] a = [1, 2, 3, 4], b = [5, 6, 7, 8];
        var c = new double[4];
        MatMulKernels.Gemm(false, false, 2, 2, 2, a, b, c, false);
        Assert.Equal(new double[] { 19, 22, 43, 50 }, c);
        MatMulKernels.Gemm(true, false, 2, 2, 2, a, b, c, false);
        Assert.Equal(new double[] { 26, 30, 38, 44 }, c);
        MatMulKernels.Gemm(false, true, 2, 2, 2, a, b, c, true);
        Assert.Equal(new double[] { 26 + 17, 30 + 23, 38 + 39, 44 + 53 }, c);
    }

    [Theory]
    [InlineData(2, 2, 2)]
    [InlineData(9, 17, 5)]
    [InlineData(100, 1, 50)]
    [InlineData(1, 100, 50)]
    [InlineData(70, 40, 60)]
    [InlineData(300, 257, 129)]
    [InlineData(64, 64, 1200)]
    public void Gemm_NaNAndInfinity_Propagate(int m, int n, int k)
    {
        foreach (bool tA in new[] { false, true })
        {
            foreach (bool tB in new[] { false, true })
            {
                // A row 1 holds a NaN at p = 0; every other entry of A is zero, so a kernel that
                // skipped zero entries would miss it. B is all ones except one +Inf in column 0.
                var a = new double[m * k];
                int row = Math.Min(1, m - 1);
                a[tA ? row : row * k] = double.NaN;
                var b = new double[k * n];
                Array.Fill(b, 1.0);
                int pInf = k - 1;
                b[tB ? pInf : pInf * n] = double.PositiveInfinity;
                var c = new double[m * n];
                MatMulKernels.Gemm(tA, tB, m, n, k, a, b, c, false);
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        // 0 * Inf = NaN, so column 0 is NaN everywhere; row `row` is NaN everywhere.
                        bool expectNaN = i == row || (j == 0 && k > 0);
                        Assert.True(double.IsNaN(c[i * n + j]) == expectNaN, $"tA={tA} tB={tB} ({i},{j}) = {c[i * n + j]}");
                    }
                }

                var af = Array.ConvertAll(a, x => (float)x);
                var bf = Array.ConvertAll(b, x => (float)x);
                var cf = new float[m * n];
                MatMulKernels.Gemm(tA, tB, m, n, k, af, bf, cf, false);
                for (int i = 0; i < m * n; i++)
                {
                    Assert.Equal(double.IsNaN(c[i]), float.IsNaN(cf[i]));
                }
            }
        }
    }

    [Fact]
    public void Gemm_InfinityTimesFinite_GivesInfinity()
    {
        double[] a = [double.PositiveInfinity, 1, 1, 1];
        double[] b = [2, 0, 0, 3];
        var c = new double[4];
        MatMulKernels.Gemm(false, false, 2, 2, 2, a, b, c, false);
        Assert.Equal(double.PositiveInfinity, c[0]);
        Assert.True(double.IsNaN(c[1])); // Inf * 0
        Assert.Equal(new double[] { 2, 3 }, c[2..]);
    }

    [Fact]
    public void Gemm_ShortSpans_Throw()
    {
        var a = new double[6];
        var b = new double[6];
        var c = new double[4];
        Assert.Throws<ArgumentException>(() => MatMulKernels.Gemm(false, false, 2, 2, 4, a, b, c, false));
        Assert.Throws<ArgumentException>(() => MatMulKernels.Gemm(false, false, 2, 3, 3, a, b, c, false));
        Assert.Throws<ArgumentException>(() => MatMulKernels.Gemm(false, false, 3, 2, 2, a, b, c, false));
        Assert.ThrowsAny<ArgumentException>(() => MatMulKernels.Gemm(false, false, -1, 2, 2, a, b, c, false));
        var af = new float[3];
        var cf = new float[4];
        Assert.Throws<ArgumentException>(() => MatMulKernels.Gemm(true, true, 2, 2, 2, af, new float[4], cf, false));
    }

    [Fact]
    public void Gemm_RepeatedCalls_AreDeterministicAndReuseBuffers()
    {
        double[] a = Random(200 * 150, 7), b = Random(150 * 90, 8);
        var c1 = new double[200 * 90];
        var c2 = new double[200 * 90];
        MatMulKernels.Gemm(false, false, 200, 90, 150, a, b, c1, false);
        MatMulKernels.Gemm(false, false, 200, 90, 150, a, b, c2, false);
        Assert.Equal(c1, c2);
    }
}
