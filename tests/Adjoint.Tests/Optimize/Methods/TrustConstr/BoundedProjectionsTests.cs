using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods.TrustConstr;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods.TrustConstr;

public class BoundedProjectionsTests
{
    /// <summary>A random barrier Jacobian in structure and the same matrix dense.</summary>
    private sealed record Case(int N, int Ne, double[] General, double[] Slacks, int[] BoundVariables, double[] BoundCoefficients, double[,] Dense);

    private static Case MakeCase(int seed, int n, int ne, int ng, bool sparse, double slackScale)
    {
        var rng = new Random(seed);
        int mg = ne + ng;
        var general = new double[mg * n];
        for (int i = 0; i < general.Length; i++)
        {
            general[i] = sparse && rng.NextDouble() > 0.1 ? 0 : (2 * rng.NextDouble()) - 1;
        }

        // Lower bounds on every variable, upper bounds on every third (two rows on one variable), entries ±D.
        var vars = new List<int>();
        var coef = new List<double>();
        for (int i = 0; i < n; i++)
        {
            double d = 0.1 + rng.NextDouble();
            vars.Add(i);
            coef.Add(-d);
            if (i % 3 == 0)
            {
                vars.Add(i);
                coef.Add(d);
            }
        }

        int nb = vars.Count;
        var slacks = new double[ng + nb];
        for (int i = 0; i < slacks.Length; i++)
        {
            // Slacks over many orders of magnitude, some tiny (active bounds late in a barrier run); a variable with two
            // bounds keeps them apart, so at most one of its slacks is small.
            bool twoSided = i >= ng && vars.Count(v => v == vars[i - ng]) == 2;
            slacks[i] = twoSided ? 0.1 + rng.NextDouble() : slackScale * Math.Pow(10, -8 * rng.NextDouble());
        }

        int m = mg + nb, cols = n + ng + nb;
        var a = new double[m, cols];
        for (int r = 0; r < mg; r++)
        {
            for (int j = 0; j < n; j++)
            {
                a[r, j] = general[(r * n) + j];
            }
        }

        for (int g = 0; g < ng; g++)
        {
            a[ne + g, n + g] = slacks[g];
        }

        for (int k = 0; k < nb; k++)
        {
            a[mg + k, vars[k]] = coef[k];
            a[mg + k, n + ng + k] = slacks[ng + k];
        }

        return new Case(n, ne, general, slacks, [.. vars], [.. coef], a);
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        double scale = Math.Max(1, DenseOps.InfNorm(expected));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"entry {i}: {expected[i]:R} vs {actual[i]:R}");
        }
    }

    [Theory]
    [InlineData(1, 40, 6, 3, false, 1.0, false)]
    [InlineData(2, 60, 8, 0, true, 1.0, false)]
    [InlineData(3, 30, 0, 4, false, 0.5, false)]
    [InlineData(4, 50, 5, 2, true, 1e-2, false)]
    [InlineData(5, 48, 6, 2, false, 1.0, true)]
    public void BoundedProjections_AgreeWithTheDenseQrOperators(int seed, int n, int ne, int ng, bool sparse, double slackScale, bool blocks)
    {
        var c = MakeCase(seed, n, ne, ng, sparse, slackScale);
        if (blocks)
        {
            // Rows 0 and 1 share columns 0..15; every other row has columns of its own, so K splits into one 2×2 block
            // and 1×1 blocks (the knapsack's pattern), each factorized on its own.
            int mg = ne + ng;
            for (int r = 0; r < mg; r++)
            {
                int lo = r < 2 ? 0 : 16 + ((r - 2) * 4), hi = r < 2 ? 16 : lo + 4;
                for (int j = 0; j < n; j++)
                {
                    if (j < lo || j >= hi)
                    {
                        c.General[(r * n) + j] = 0;
                        c.Dense[r, j] = 0;
                    }
                }
            }
        }
        var fast = BoundedProjections.TryCreate(c.N, c.Ne, c.General, c.Slacks, c.BoundVariables, c.BoundCoefficients);
        Assert.NotNull(fast);
        var dense = new ConstraintProjections(c.Dense);
        Assert.False(dense.RankDeficient);
        int m = c.Dense.GetLength(0), cols = c.Dense.GetLength(1);
        Assert.Equal(m, fast.Rows);
        Assert.Equal(cols, fast.Columns);
        var rng = new Random(seed + 100);
        var x = new double[cols];
        var b = new double[m];
        for (int i = 0; i < cols; i++)
        {
            x[i] = (2 * rng.NextDouble()) - 1;
        }

        for (int i = 0; i < m; i++)
        {
            b[i] = (2 * rng.NextDouble()) - 1;
        }

        var e1 = new double[m];
        var f1 = new double[m];
        dense.Multiply(x, e1);
        fast.Multiply(x, f1);
        AssertClose(e1, f1, 1e-14);
        var e2 = new double[cols];
        var f2 = new double[cols];
        dense.MultiplyTransposed(b, e2);
        fast.MultiplyTransposed(b, f2);
        AssertClose(e2, f2, 1e-14);

        var ez = new double[cols];
        var fz = new double[cols];
        dense.NullSpace(x, ez);
        fast.NullSpace(x, fz);
        AssertClose(ez, fz, 1e-9);
        var az = new double[m];
        fast.Multiply(fz, az);
        Assert.True(DenseOps.Norm(az) <= 1e-12 * DenseOps.FrobeniusNorm(c.Dense) * DenseOps.Norm(fz), $"‖A z‖ = {DenseOps.Norm(az):E3}");

        var ev = new double[m];
        var fv = new double[m];
        dense.LeastSquares(x, ev);
        fast.LeastSquares(x, fv);
        AssertClose(ev, fv, 1e-7);

        var ey = new double[cols];
        var fy = new double[cols];
        dense.RowSpace(b, ey);
        fast.RowSpace(b, fy);
        AssertClose(ey, fy, 1e-9);
        var ay = new double[m];
        fast.Multiply(fy, ay);
        AssertClose(b, ay, 1e-10);
    }

    [Fact]
    public void BoundedProjections_RankDeficientGeneralRows_AreRefused()
    {
        var c = MakeCase(5, 20, 3, 0, false, 1.0);
        // Row 2 = row 0 + row 1: K is singular, so the caller must use the dense QR/SVD operators.
        for (int j = 0; j < c.N; j++)
        {
            c.General[(2 * c.N) + j] = c.General[j] + c.General[c.N + j];
        }

        Assert.Null(BoundedProjections.TryCreate(c.N, c.Ne, c.General, c.Slacks, c.BoundVariables, c.BoundCoefficients));
    }

    [Fact]
    public void BoundedProjections_NonFiniteEntry_IsRefused()
    {
        var c = MakeCase(6, 10, 2, 1, false, 1.0);
        c.General[3] = double.NaN;
        Assert.Null(BoundedProjections.TryCreate(c.N, c.Ne, c.General, c.Slacks, c.BoundVariables, c.BoundCoefficients));
    }

    [Fact]
    public void BoundedProjections_NoRows_LeaveVectorsAlone()
    {
        var p = BoundedProjections.TryCreate(3, 0, [], [], [], []);
        Assert.NotNull(p);
        double[] x = [1, -2, 3];
        var z = new double[3];
        p.NullSpace(x, z);
        Assert.Equal(x, z);
        var y = new double[3] { 9, 9, 9 };
        p.RowSpace([], y);
        Assert.Equal(new double[3], y);
    }

    /// <summary>
    /// Projection of c onto {x in [0, 1]ⁿ: every group of 12 sums to 1}, 10 groups: large enough (mz·nz &gt; 20,000) for
    /// the structured operators; the answer is the simplex projection max(c - τ, 0) of each group.
    /// </summary>
    [Fact]
    public void TrustConstr_ManyBoundsAndEqualityRows_ProjectsOntoTheSimplices()
    {
        const int groups = 10, size = 12;
        var rng = new Random(7);
        var c = new double[groups, size];
        for (int g = 0; g < groups; g++)
        {
            for (int i = 0; i < size; i++)
            {
                c[g, i] = rng.NextDouble() - 0.4;
            }
        }

        var target = Tensor.FromArray(c);
        var r = Minimizer.Minimize(x => (x - target).Square().Sum(), Tensor.Zeros(new Shape(groups, size), DType.Float64),
            new TrustConstrOptions(), Bounds.All(0, 1), constraints: [Constraint.Equality(a => a.Sum(1) - 1, "groups sum to 1")]);
        Assert.True(r.Success, r.ToString());
        for (int g = 0; g < groups; g++)
        {
            var row = new double[size];
            for (int i = 0; i < size; i++)
            {
                row[i] = c[g, i];
            }

            // τ with Σ max(cᵢ - τ, 0) = 1 by bisection.
            double lo = row.Min() - 1, hi = row.Max();
            for (int it = 0; it < 200; it++)
            {
                double mid = 0.5 * (lo + hi);
                double s = row.Sum(v => Math.Max(v - mid, 0));
                (lo, hi) = s > 1 ? (mid, hi) : (lo, mid);
            }

            double tau = 0.5 * (lo + hi);
            for (int i = 0; i < size; i++)
            {
                Assert.Equal(Math.Max(row[i] - tau, 0), r.X[(g * size) + i], 5);
            }
        }
    }
}
