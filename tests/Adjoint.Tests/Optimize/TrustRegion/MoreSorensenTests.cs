using Adjoint.Autodiff;
using Adjoint.Optimize.TrustRegion;
using Adjoint.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Tests.Optimize.TrustRegion;

public class MoreSorensenTests
{
    // scipy's trust-exact defaults.
    private const double KEasy = 0.1;
    private const double KHard = 0.2;

    private static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (double x in v)
        {
            s += x * x;
        }

        return Math.Sqrt(s);
    }

    private static double[] RandomSymmetric(Random rng, int n, double shift)
    {
        var h = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double a = (2 * rng.NextDouble()) - 1;
                h[(i * n) + j] = a;
                h[(j * n) + i] = a;
            }

            h[(i * n) + i] += shift;
        }

        return h;
    }

    private static double SmallestEigenvalue(double[] h, int n) =>
        Matrix<double>.Build.Dense(n, n, h).Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real);

    [Fact]
    public void MoreSorensen_HardCaseTightTolerances_ReachesBoundaryAlongEigenvector()
    {
        // H = diag(-1, 2), g = (0, 1): g has no component on the negative eigenvector (the hard case).
        double[] h = [-1, 0, 0, 2];
        double[] g = [0, 1];
        var p = new double[2];
        var r = MoreSorensen.Solve(h, 2, g, 2.0, p, 1e-8, 1e-8);
        Assert.Equal(2.0, Norm(p), 6);
        Assert.Equal(1.0, r.Lambda, 6);
        Assert.Equal(-1.0 / 3, p[1], 6);
        Assert.True(r.HitsBoundary);
        // Optimal value: gᵀp + ½pᵀHp with p = (±√(4 - 1/9), -1/3).
        Assert.Equal(-1.0 / 3 + 0.5 * (-(4 - (1.0 / 9)) + (2.0 / 9)), r.ModelChange, 6);
    }

    [Fact]
    public void MoreSorensen_EasyCaseTightTolerances_MatchesSecularEquation()
    {
        // H = diag(1, 3), g = (1, 1), Δ = 0.25: p_i = -g_i / (h_i + λ) with ‖p‖ = Δ.
        double[] h = [1, 0, 0, 3];
        double[] g = [1, 1];
        var p = new double[2];
        var r = MoreSorensen.Solve(h, 2, g, 0.25, p, 1e-10, 1e-10);
        Assert.Equal(0.25, Norm(p), 8);
        Assert.Equal(-1 / (1 + r.Lambda), p[0], 8);
        Assert.Equal(-1 / (3 + r.Lambda), p[1], 8);
    }

    [Fact]
    public void MoreSorensen_HardCaseScipyTolerances_AcceptsEstimatedDirectionAsScipyDoes()
    {
        // Reference: scipy 1.10 IterativeSubproblem(k_easy=0.1, k_hard=0.2).solve(2.0) gives this p after one
        // factorization at λ = max(√(λ_L λ_U), …) = √1.5, accepting p + τz with the LINPACK direction z.
        double[] h = [-1, 0, 0, 2];
        double[] g = [0, 1];
        var p = new double[2];
        var r = MoreSorensen.Solve(h, 2, g, 2.0, p, KEasy, KHard);
        Assert.Equal(-1.9496414502383848, p[0], 1e-12);
        Assert.Equal(-0.4459800617879317, p[1], 1e-12);
        Assert.Equal(Math.Sqrt(1.5), r.Lambda, 12);
        Assert.Equal(1, r.Iterations);
        Assert.Equal(2.0, Norm(p), 12);
        // Within the k_hard guarantee of the optimal value m* = -13/6.
        Assert.True(r.ModelChange <= (1 - KHard) * (-13.0 / 6), r.ModelChange.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void MoreSorensen_EasyCaseScipyTolerances_StopsFromOutsideWithinKEasy()
    {
        // Reference: scipy 1.10 returns this p, with ‖p‖ = 0.26819907 > Δ = 0.25, and λ = 4.166411387347924.
        double[] h = [1, 0, 0, 0, 3, 0, 0, 0, 4];
        double[] g = [1, 1, 1];
        var p = new double[3];
        var r = MoreSorensen.Solve(h, 3, g, 0.25, p, KEasy, KHard);
        Assert.Equal(4.166411387347924, r.Lambda, 1e-12);
        Assert.Equal(-0.1935579505822765, p[0], 1e-12);
        Assert.Equal(-0.1395398541821739, p[1], 1e-12);
        Assert.Equal(-0.12245280730643598, p[2], 1e-12);
        Assert.InRange(Norm(p), 0.25, 0.25 * (1 + KEasy));
        Assert.True(r.HitsBoundary);
    }

    [Fact]
    public void MoreSorensen_PositiveDefiniteNewtonStepInside_ReturnsInteriorStep()
    {
        double[] h = [2, 0, 0, 3];
        double[] g = [1, 1];
        var p = new double[2];
        var r = MoreSorensen.Solve(h, 2, g, 10.0, p, KEasy, KHard);
        Assert.Equal(-0.5, p[0], 14);
        Assert.Equal(-1.0 / 3, p[1], 14);
        Assert.Equal(0, r.Lambda);
        Assert.False(r.HitsBoundary);
        Assert.Equal(-5.0 / 12, r.ModelChange, 14);
    }

    [Fact]
    public void MoreSorensen_BiggsExp6FirstStep_MatchesScipy()
    {
        // scipy 1.10's first trust-exact step on BiggsExp6 (Δ = 1) predicts a decrease of 0.529811249220237 (λ = 0 fails,
        // the failed pivot lifts λ_L, and the LINPACK direction passes the k_hard test at λ = 0.42271157448354).
        var problem = TestProblemTests.Find("BiggsExp6(6)");
        var x = Tensor.FromArray(problem.X0);
        var g = Grad.Gradient(problem.Function, x).ToArray();
        var h = Grad.Hessian(problem.Function, x).ToArray();
        var p = new double[6];
        var r = MoreSorensen.Solve(h, 6, g, 1.0, p, KEasy, KHard);
        Assert.Equal(-0.529811249220237, r.ModelChange, 1e-11);
        Assert.Equal(0.42271157448354951, r.Lambda, 1e-11);
        Assert.Equal(1.0, Norm(p), 12);
    }

    [Fact]
    public void MoreSorensen_RandomProblems_LowerBoundStaysBelowExactMultiplier()
    {
        // λ_L returned for one radius must stay a valid start for any smaller radius at the same (H, g).
        var rng = new Random(11);
        for (int trial = 0; trial < 60; trial++)
        {
            int n = 2 + rng.Next(7);
            var h = RandomSymmetric(rng, n, shift: (2 * rng.NextDouble()) - 1);
            var g = Enumerable.Range(0, n).Select(_ => (2 * rng.NextDouble()) - 1).ToArray();
            double known = 0;
            foreach (double radius in new[] { 2.0, 0.5, 0.1 })
            {
                var p = new double[n];
                var r = MoreSorensen.Solve(h, n, g, radius, p, KEasy, KHard, known);
                var exact = new double[n];
                var (_, lambdaStar) = TridiagonalTrustRegionSolver.Solve(h, n, g, radius, exact, 1e-12, 1e-12);
                Assert.True(r.LambdaLowerBound <= lambdaStar + (1e-8 * Math.Max(1, lambdaStar)),
                    $"trial {trial}, Δ = {radius}: λ_L = {r.LambdaLowerBound}, λ* = {lambdaStar}");
                Assert.True(Norm(p) <= radius * (1 + KEasy) * (1 + 1e-12), $"trial {trial}: ‖p‖ = {Norm(p)}");
                Assert.True(r.ModelChange < 0);
                known = r.LambdaLowerBound;
            }
        }
    }

    [Fact]
    public void IndefinitenessShift_RandomIndefiniteMatrices_LowerBoundsMinusSmallestEigenvalue()
    {
        var rng = new Random(3);
        int checkedCount = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            int n = 1 + rng.Next(9);
            var h = RandomSymmetric(rng, n, shift: 0.5);
            double lambda = 0.3 * rng.NextDouble();
            double lambda1 = SmallestEigenvalue(h, n);
            if (lambda1 + lambda > 1e-10)
            {
                continue;
            }

            double shift = MoreSorensen.IndefinitenessShift(h, n, lambda);
            Assert.True(shift >= 0, $"trial {trial}: shift {shift}");
            Assert.True(lambda + shift <= -lambda1 + 1e-10, $"trial {trial}: λ + δ/‖v‖² = {lambda + shift}, -λ₁ = {-lambda1}");
            checkedCount++;
        }

        Assert.True(checkedCount > 50, checkedCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void FirstIndefiniteLeadingBlock_RandomMatrices_FindsFirstBlockWithNonPositiveEigenvalue()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 100; trial++)
        {
            int n = 1 + rng.Next(9);
            var h = RandomSymmetric(rng, n, shift: 0.8);
            if (SmallestEigenvalue(h, n) > 0)
            {
                continue;
            }

            var (k, factor) = DenseModel.FirstIndefiniteLeadingBlock(h, n, 0);
            var a = Matrix<double>.Build.Dense(n, n, h);
            int expected = Enumerable.Range(1, n).First(m => a.SubMatrix(0, m, 0, m).Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real) <= 0);
            Assert.Equal(expected, k);
            if (k == 1)
            {
                Assert.Null(factor);
            }
            else
            {
                Assert.NotNull(factor);
                var lead = a.SubMatrix(0, k - 1, 0, k - 1);
                Assert.True((factor * factor.Transpose() - lead).FrobeniusNorm() <= 1e-12 * Math.Max(1, lead.FrobeniusNorm()));
            }
        }
    }
}
