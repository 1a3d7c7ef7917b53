using Adjoint.Optimize.Methods.Slsqp;
using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Tests.Optimize.Methods.Slsqp;

public class LdlFactorTests
{
    [Fact]
    public void RankOneUpdates_MatchDenseArithmetic()
    {
        var rng = new Random(1);
        const int n = 5;
        var ldl = new LdlFactor(n);
        var dense = Matrix<double>.Build.DenseIdentity(n);
        for (int k = 0; k < 30; k++)
        {
            var z = QpTestData.RandomVector(rng, n);
            double sigma = 0.1 + rng.NextDouble();
            if (k % 3 == 2)
            {
                // A downdate that keeps the matrix positive definite: σ = -0.5 / (zᵀB⁻¹z).
                sigma = -0.5 / z.DotProduct(dense.Solve(z));
            }

            dense += sigma * z.OuterProduct(z);
            ldl.RankOneUpdate(sigma, z.ToArray());
            var diff = (ldl.ToMatrix() - dense).InfinityNorm();
            Assert.True(diff <= 1e-9 * dense.InfinityNorm(), $"update {k}: {diff}");
            Assert.All(ldl.Diagonal.ToArray(), d => Assert.True(d > 0));
        }
    }

    [Fact]
    public void RankOneDowndate_ToSingular_StaysPositiveDefinite()
    {
        var ldl = new LdlFactor(3);
        // I - z zᵀ/(zᵀz) is singular; rounding must not make D non-positive.
        var z = new double[] { 1, 2, 3 };
        ldl.RankOneUpdate(-1.0 / 14, z);
        Assert.All(ldl.Diagonal.ToArray(), d => Assert.True(d > 0));
    }

    [Fact]
    public void DampedBfgsUpdate_SatisfiesSecantEquationAndKeepsPositiveDefinite()
    {
        var rng = new Random(2);
        const int n = 4;
        var ldl = new LdlFactor(n);
        for (int k = 0; k < 20; k++)
        {
            var s = QpTestData.RandomVector(rng, n).ToArray();
            var y = QpTestData.RandomVector(rng, n).ToArray(); // often sᵀy < 0: damping needed
            var before = ldl.ToMatrix();
            var bs = before * Vector<double>.Build.DenseOfArray(s);
            double sy = s.Zip(y, (a, b) => a * b).Sum(), sbs = bs.DotProduct(Vector<double>.Build.DenseOfArray(s));
            var yExpected = Vector<double>.Build.DenseOfArray(y);
            if (sy < 0.2 * sbs)
            {
                double theta = 0.8 * sbs / (sbs - sy);
                yExpected = (theta * yExpected) + ((1 - theta) * bs);
            }

            Assert.True(ldl.DampedBfgsUpdate(s, y));
            var after = ldl.ToMatrix() * Vector<double>.Build.DenseOfArray(s);
            Assert.True((after - yExpected).InfinityNorm() <= 1e-8 * (1 + yExpected.InfinityNorm()), $"update {k}");
            Assert.True(ldl.ToMatrix().Evd().EigenValues.All(ev => ev.Real > 0));
        }
    }

    [Fact]
    public void LeastSquaresForm_ReproducesTheQuadraticModel()
    {
        var rng = new Random(4);
        const int n = 4;
        var ldl = new LdlFactor(n);
        for (int k = 0; k < 5; k++)
        {
            ldl.RankOneUpdate(0.5, QpTestData.RandomVector(rng, n).ToArray());
        }

        var g = QpTestData.RandomVector(rng, n);
        var e = Matrix<double>.Build.Dense(n, n);
        var f = Vector<double>.Build.Dense(n);
        ldl.LeastSquaresForm(g.ToArray(), e, f);
        Assert.True((e.TransposeThisAndMultiply(e) - ldl.ToMatrix()).InfinityNorm() < 1e-12);
        Assert.True((e.TransposeThisAndMultiply(f) + g).InfinityNorm() < 1e-12);
        var v = QpTestData.RandomVector(rng, n);
        var bv = new double[n];
        ldl.Multiply(v.ToArray(), bv);
        Assert.True((Vector<double>.Build.DenseOfArray(bv) - (ldl.ToMatrix() * v)).InfinityNorm() < 1e-12);
    }
}
