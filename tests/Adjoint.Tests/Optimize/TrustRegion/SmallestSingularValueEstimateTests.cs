using Adjoint.Optimize.TrustRegion;
using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Tests.Optimize.TrustRegion;

public class SmallestSingularValueEstimateTests
{
    private static Matrix<double> RandomUpper(Random rng, int n)
    {
        var u = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                // Standard normal entries by Box-Muller.
                u[i, j] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            }
        }

        return u;
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));

    [Fact]
    public void Estimate_RandomUpperTriangular_BoundsSmallestSingularValueFromAboveWithinAFactor()
    {
        var rng = new Random(20240611);
        for (int trial = 0; trial < 400; trial++)
        {
            int n = 1 + rng.Next(12);
            var u = RandomUpper(rng, n);
            double sigmaMin = u.Svd(computeVectors: false).S.Minimum();
            var (sigma, z) = SmallestSingularValueEstimate.Of(u);

            // σ̂ = ‖w‖/‖U⁻¹w‖ can never be below σ_min; the CMSW choice of e keeps it within a small factor.
            Assert.True(sigma >= sigmaMin * (1 - 1e-6), $"n = {n}: estimate {sigma} below σ_min {sigmaMin}");
            Assert.True(sigma <= 10 * sigmaMin, $"n = {n}: estimate {sigma} vs σ_min {sigmaMin}");
            Assert.Equal(1.0, Norm(z), 12);
            double uz = (u * Vector<double>.Build.Dense(z)).L2Norm();
            Assert.True(Math.Abs(uz - sigma) <= 1e-6 * sigma, $"‖Uz‖ = {uz}, σ̂ = {sigma}");
        }
    }

    [Fact]
    public void Estimate_NearlySingularUpperTriangular_FindsSingularValueAndVector()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = 2 + rng.Next(10);
            var u = RandomUpper(rng, n);
            int k = rng.Next(n);
            u[k, k] = 1e-8;
            var svd = u.Svd(computeVectors: true);
            int last = n - 1;
            double sigmaMin = svd.S[last];
            var vMin = svd.VT.Row(last);
            var (sigma, z) = SmallestSingularValueEstimate.Of(u);

            Assert.True(Math.Abs(sigma - sigmaMin) <= 1e-3 * sigmaMin, $"n = {n}, k = {k}: estimate {sigma} vs σ_min {sigmaMin}");
            Assert.True(Math.Abs(vMin.DotProduct(Vector<double>.Build.Dense(z))) > 0.999, $"n = {n}, k = {k}: vector not aligned");
        }
    }

    [Fact]
    public void Estimate_DiagonalWithOneTinyEntry_PointsAlongThatCoordinate()
    {
        var u = Matrix<double>.Build.DenseOfDiagonalArray([3.0, 1e-9, 2.0]);
        var (sigma, z) = SmallestSingularValueEstimate.Of(u);
        Assert.Equal(1e-9, sigma, 15);
        Assert.Equal(1.0, Math.Abs(z[1]), 12);
    }

    [Fact]
    public void Estimate_NonSquare_Throws() =>
        Assert.Throws<ArgumentException>(() => SmallestSingularValueEstimate.Of(Matrix<double>.Build.Dense(2, 3)));
}
