using Adjoint.Optimize.Methods.Slsqp;
using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Tests.Optimize.Methods.Slsqp;

public class ConstrainedLeastSquaresTests
{
    private static readonly Matrix<double> NoRows2 = Matrix<double>.Build.Dense(0, 2);
    private static readonly Vector<double> Empty = Vector<double>.Build.Dense(0);

    private sealed record Qp(Matrix<double> E, Vector<double> F, Matrix<double> C, Vector<double> D, Matrix<double> G,
        Vector<double> H, double[]? Lower, double[]? Upper, Vector<double> Feasible);

    /// <summary>A random strictly convex QP with a known feasible point, some constraints active there.</summary>
    private static Qp RandomFeasibleQp(Random rng, int n, int mc, int mg, bool bounds)
    {
        var e = QpTestData.RandomE(rng, n);
        var f = QpTestData.RandomVector(rng, n) * 3;
        var xf = QpTestData.RandomVector(rng, n);
        var c = QpTestData.RandomMatrix(rng, mc, n);
        var d = c * xf;
        var g = QpTestData.RandomMatrix(rng, mg, n);
        var h = (g * xf) - Vector<double>.Build.Dense(mg, _ => rng.NextDouble() < 0.4 ? 0 : rng.NextDouble());
        double[]? lo = null, hi = null;
        if (bounds)
        {
            lo = new double[n];
            hi = new double[n];
            for (int i = 0; i < n; i++)
            {
                double u = rng.NextDouble();
                lo[i] = u < 0.2 ? double.NegativeInfinity : u < 0.35 ? xf[i] : xf[i] - rng.NextDouble();
                double v = rng.NextDouble();
                hi[i] = v < 0.2 ? double.PositiveInfinity : v < 0.3 ? xf[i] : xf[i] + rng.NextDouble();
            }
        }

        return new Qp(e, f, c, d, g, h, lo, hi, xf);
    }

    private static double Objective(Qp qp, double[] x)
    {
        var r = (qp.E * Vector<double>.Build.DenseOfArray(x)) - qp.F;
        return 0.5 * r.DotProduct(r);
    }

    private static SubproblemSolution SolveAndCheck(Qp qp, string label)
    {
        var s = ConstrainedLeastSquares.Solve(qp.E, qp.F, qp.C, qp.D, qp.G, qp.H, qp.Lower, qp.Upper);
        Assert.True(s.Status == SubproblemStatus.Solved, $"{label}: {s.Status}");
        string? bad = QpTestData.KktViolation(qp.E, qp.F, qp.C, qp.D, qp.G, qp.H, qp.Lower, qp.Upper,
            s.X, s.EqualityMultipliers, s.InequalityMultipliers, s.BoundMultipliers);
        Assert.True(bad is null, $"{label}: {bad}");
        Assert.True(Objective(qp, s.X) <= Objective(qp, qp.Feasible.ToArray()) + 1e-10, $"{label}: worse than the known feasible point");
        return s;
    }

    [Theory]
    [InlineData(2, 0, 3, false)]
    [InlineData(3, 1, 4, true)]
    [InlineData(5, 2, 6, true)]
    [InlineData(6, 3, 12, true)]
    [InlineData(8, 0, 0, true)]
    [InlineData(8, 4, 0, false)]
    [InlineData(4, 3, 8, true)]
    [InlineData(10, 5, 20, true)]
    public void Lsq_RandomFeasibleQps_SatisfyKkt(int n, int mc, int mg, bool bounds)
    {
        var rng = new Random((n * 1000) + (mc * 100) + mg);
        for (int trial = 0; trial < 25; trial++)
        {
            SolveAndCheck(RandomFeasibleQp(rng, n, mc, mg, bounds), $"trial {trial}");
        }
    }

    [Theory]
    [InlineData(150, 20, 30)]
    [InlineData(150, 0, 20)]
    [InlineData(130, 40, 0)]
    public void Lsq_LargeRandomFeasibleQps_WithKeptBasisAndActiveSet_SatisfyKkt(int n, int mc, int mg)
    {
        // Large enough for the blocked products, the Cholesky factor of EᵀE, the blocked G R⁻¹ and the NNLS warm
        // start; the same C on every trial, so that the equality basis is reused from the second trial on.
        var rng = new Random(n + mc + mg);
        var basis = new EqualityBasis();
        var memory = new ActiveSetMemory();
        var c = QpTestData.RandomMatrix(rng, mc, n);
        for (int trial = 0; trial < 4; trial++)
        {
            var qp = RandomFeasibleQp(rng, n, mc, mg, bounds: true);
            var e = Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? 1 + rng.NextDouble() : j > i ? 0.3 * QpTestData.Normal(rng) / Math.Sqrt(n) : 0);
            qp = qp with { E = e, C = c, D = c * qp.Feasible };
            var s = ConstrainedLeastSquares.Solve(qp.E, qp.F, qp.C, qp.D, qp.G, qp.H, qp.Lower, qp.Upper, basis, memory);
            Assert.True(s.Status == SubproblemStatus.Solved, $"trial {trial}: {s.Status}");
            string? bad = QpTestData.KktViolation(qp.E, qp.F, qp.C, qp.D, qp.G, qp.H, qp.Lower, qp.Upper,
                s.X, s.EqualityMultipliers, s.InequalityMultipliers, s.BoundMultipliers, tol: 1e-7);
            Assert.True(bad is null, $"trial {trial}: {bad}");
            Assert.True(Objective(qp, s.X) <= Objective(qp, qp.Feasible.ToArray()) + 1e-8, $"trial {trial}: worse than the known feasible point");

            // The same problem without the kept state gives the same solution.
            var fresh = ConstrainedLeastSquares.Solve(qp.E, qp.F, qp.C, qp.D, qp.G, qp.H, qp.Lower, qp.Upper);
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(fresh.X[i] - s.X[i]) <= 1e-8 * (1 + Math.Abs(s.X[i])), $"trial {trial}: x[{i}] {s.X[i]} vs {fresh.X[i]}");
            }
        }
    }

    [Fact]
    public void Lsq_RandomFeasibleQps_KnownPointCanBeImprovedOnlyByInfeasiblePoints()
    {
        // Independent check of optimality: no random feasible point along segments from the solution is better.
        var rng = new Random(99);
        for (int trial = 0; trial < 20; trial++)
        {
            var qp = RandomFeasibleQp(rng, 4, 1, 5, true);
            var s = SolveAndCheck(qp, $"trial {trial}");
            var x = Vector<double>.Build.DenseOfArray(s.X);
            for (int k = 1; k <= 10; k++)
            {
                var y = x + ((qp.Feasible - x) * (k / 10.0));
                Assert.True(Objective(qp, y.ToArray()) >= Objective(qp, s.X) - 1e-10);
            }
        }
    }

    [Fact]
    public void Lsq_UnconstrainedMinimum_IsEInverseF()
    {
        var rng = new Random(3);
        var e = QpTestData.RandomE(rng, 4);
        var f = QpTestData.RandomVector(rng, 4);
        var s = ConstrainedLeastSquares.Solve(e, f, Matrix<double>.Build.Dense(0, 4), Empty,
            Matrix<double>.Build.Dense(0, 4), Empty, null, null);
        Assert.Equal(SubproblemStatus.Solved, s.Status);
        var expected = e.Solve(f);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], s.X[i], 10);
        }
    }

    [Fact]
    public void Lsq_DuplicateAndCombinedEqualityRows_AreSolvedWithKkt()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 20; trial++)
        {
            var qp = RandomFeasibleQp(rng, 5, 2, 4, true);
            // Rows: c₀, c₁, c₀ again, 2c₀ - c₁ (rank 2 of 4), with consistent right-hand sides.
            var c = Matrix<double>.Build.Dense(4, 5);
            c.SetRow(0, qp.C.Row(0));
            c.SetRow(1, qp.C.Row(1));
            c.SetRow(2, qp.C.Row(0));
            c.SetRow(3, (2 * qp.C.Row(0)) - qp.C.Row(1));
            var rank = qp with { C = c, D = c * qp.Feasible };
            SolveAndCheck(rank, $"trial {trial}");
        }
    }

    [Fact]
    public void Lsq_ZeroEqualityRowWithZeroRightHandSide_IsIgnored()
    {
        var rng = new Random(12);
        var qp = RandomFeasibleQp(rng, 3, 1, 2, false);
        var c = Matrix<double>.Build.Dense(2, 3);
        c.SetRow(0, qp.C.Row(0));
        SolveAndCheck(qp with { C = c, D = c * qp.Feasible }, "zero row");
    }

    [Fact]
    public void Lsq_InconsistentDependentEqualities_AreIncompatible()
    {
        // x₁ + x₂ = 1 and 2x₁ + 2x₂ = 3.
        var e = Matrix<double>.Build.DenseIdentity(2);
        var c = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 1 }, { 2, 2 } });
        var s = ConstrainedLeastSquares.Solve(e, Vector<double>.Build.Dense(2), c, Vector<double>.Build.DenseOfArray([1, 3]),
            NoRows2, Empty, null, null);
        Assert.Equal(SubproblemStatus.Incompatible, s.Status);
    }

    [Fact]
    public void Lsq_MoreEqualitiesThanVariablesButConsistent_IsSolved()
    {
        // x₁ = 1, x₂ = 2, x₁ + x₂ = 3 (three rows, two variables).
        var e = Matrix<double>.Build.DenseIdentity(2);
        var c = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } });
        var d = Vector<double>.Build.DenseOfArray([1, 2, 3]);
        var qp = new Qp(e, Vector<double>.Build.Dense(2), c, d, NoRows2, Empty, null, null, Vector<double>.Build.DenseOfArray([1, 2]));
        var s = SolveAndCheck(qp, "overdetermined");
        Assert.Equal(1, s.X[0], 12);
        Assert.Equal(2, s.X[1], 12);
    }

    [Fact]
    public void Lsq_EqualitiesDetermineXAndViolateInequality_AreIncompatible()
    {
        // x = (1, 1) from the equalities, but x₁ ≥ 2 is required (Kraft's LSEI would ignore the inequality).
        var e = Matrix<double>.Build.DenseIdentity(2);
        var c = Matrix<double>.Build.DenseIdentity(2);
        var g = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 } });
        var s = ConstrainedLeastSquares.Solve(e, Vector<double>.Build.Dense(2), c, Vector<double>.Build.DenseOfArray([1, 1]),
            g, Vector<double>.Build.DenseOfArray([2]), null, null);
        Assert.Equal(SubproblemStatus.Incompatible, s.Status);
    }

    [Fact]
    public void Lsq_EqualitiesDetermineXWithinBounds_GiveMultipliers()
    {
        var rng = new Random(5);
        var qp = RandomFeasibleQp(rng, 3, 3, 2, false);
        qp = qp with { H = (qp.G * qp.Feasible) - Vector<double>.Build.Dense(2, 1.0) };
        var s = SolveAndCheck(qp, "square C");
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(qp.Feasible[i], s.X[i], 9);
        }
    }

    [Fact]
    public void Lsq_InfeasibleInequalities_AreIncompatible()
    {
        var e = Matrix<double>.Build.DenseIdentity(2);
        var g = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 1 }, { -1, -1 } });
        var s = ConstrainedLeastSquares.Solve(e, Vector<double>.Build.Dense(2), NoRows2, Empty, g,
            Vector<double>.Build.DenseOfArray([1, 0]), null, null);
        Assert.Equal(SubproblemStatus.Incompatible, s.Status);
    }

    [Fact]
    public void Lsq_EqualityOutsideBounds_IsIncompatible()
    {
        // x₁ + x₂ = 5 with 0 ≤ x ≤ 1.
        var e = Matrix<double>.Build.DenseIdentity(2);
        var c = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 1 } });
        var s = ConstrainedLeastSquares.Solve(e, Vector<double>.Build.Dense(2), c, Vector<double>.Build.DenseOfArray([5]),
            NoRows2, Empty, [0, 0], [1, 1]);
        Assert.Equal(SubproblemStatus.Incompatible, s.Status);
    }

    [Fact]
    public void Lsq_DegenerateVertex_ManyActiveConstraints_SatisfiesKkt()
    {
        // Minimizer pulled to the corner x = 0 where four constraints (two duplicated) and both lower bounds are active.
        var e = Matrix<double>.Build.DenseIdentity(2);
        var f = Vector<double>.Build.DenseOfArray([-1, -2]);
        var g = Matrix<double>.Build.DenseOfArray(new double[,] { { -1, 0 }, { -1, 0 }, { 0, -1 }, { -1, -1 } });
        var qp = new Qp(e, f, NoRows2, Empty, g, Vector<double>.Build.Dense(4), [0, 0], [1, 1], Vector<double>.Build.Dense(2));
        var s = SolveAndCheck(qp, "degenerate vertex");
        Assert.Equal(0, s.X[0], 12);
        Assert.Equal(0, s.X[1], 12);
    }

    [Fact]
    public void Lsq_FixedVariable_LowerEqualsUpper_IsHonoured()
    {
        var rng = new Random(21);
        var qp = RandomFeasibleQp(rng, 3, 1, 2, false) with { Lower = [0.5, double.NegativeInfinity, -1], Upper = [0.5, 2, 3] };
        qp = qp with { Feasible = Vector<double>.Build.DenseOfArray([0.5, 0, 0]) };
        qp = qp with { D = qp.C * qp.Feasible, H = (qp.G * qp.Feasible) - Vector<double>.Build.Dense(2, 0.1) };
        var s = SolveAndCheck(qp, "fixed variable");
        Assert.Equal(0.5, s.X[0]);
    }

    [Fact]
    public void Lsq_RankDeficientEqualitiesFromRandomProducts_AreSolved()
    {
        // C = A B with inner dimension below its row count: dependent rows of full generic structure.
        var rng = new Random(31);
        for (int trial = 0; trial < 20; trial++)
        {
            var qp = RandomFeasibleQp(rng, 6, 0, 5, true);
            var c = QpTestData.RandomMatrix(rng, 4, 2) * QpTestData.RandomMatrix(rng, 2, 6);
            SolveAndCheck(qp with { C = c, D = c * qp.Feasible }, $"trial {trial}");
        }
    }
}
