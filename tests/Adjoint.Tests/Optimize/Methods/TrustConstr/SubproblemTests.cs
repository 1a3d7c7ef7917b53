using Adjoint.Optimize.Methods.TrustConstr;

namespace Adjoint.Tests.Optimize.Methods.TrustConstr;

public class SubproblemTests
{
    private static readonly double[,] A = { { 1, 2, 0, -1 }, { 0, 1, 3, 1 } };

    [Fact]
    public void Projections_FullRank_NullSpaceLeastSquaresAndRowSpace()
    {
        var proj = new ConstraintProjections(A);
        Assert.False(proj.RankDeficient);
        double[] x = [0.3, -1.2, 2.0, 0.7];
        var z = new double[4];
        proj.NullSpace(x, z);
        var az = new double[2];
        DenseOps.Multiply(A, z, az);
        Assert.All(az, v => Assert.True(Math.Abs(v) < 1e-14));
        // x - z lies in the row space: x - z = Aᵀ v with v = LS(x).
        var v = new double[2];
        proj.LeastSquares(x, v);
        var atv = new double[4];
        DenseOps.MultiplyTransposed(A, v, atv);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(x[i] - z[i], atv[i], 12);
        }

        double[] b = [1, -2];
        var y = new double[4];
        proj.RowSpace(b, y);
        var ay = new double[2];
        DenseOps.Multiply(A, y, ay);
        Assert.Equal(1, ay[0], 12);
        Assert.Equal(-2, ay[1], 12);
        var py = new double[4];
        proj.NullSpace(y, py);
        Assert.True(DenseOps.Norm(py) < 1e-12);
    }

    [Fact]
    public void Projections_RankDeficient_FallsBackToTheSvd()
    {
        var a = new double[,] { { 1, 2, 0, -1 }, { 2, 4, 0, -2 }, { 0, 1, 3, 1 } };
        var proj = new ConstraintProjections(a);
        Assert.True(proj.RankDeficient);
        Assert.Equal(2, proj.Rank);
        double[] x = [0.3, -1.2, 2.0, 0.7];
        var z = new double[4];
        proj.NullSpace(x, z);
        var az = new double[3];
        DenseOps.Multiply(a, z, az);
        Assert.All(az, v => Assert.True(Math.Abs(v) < 1e-13));
        // A consistent right-hand side is met exactly with the minimum-norm step.
        double[] b = [1, 2, -2];
        var y = new double[4];
        proj.RowSpace(b, y);
        var ay = new double[3];
        DenseOps.Multiply(a, y, ay);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(b[i], ay[i], 12);
        }
    }

    [Fact]
    public void Projections_NoRows_IdentityAndEmpty()
    {
        var proj = new ConstraintProjections(new double[0, 3]);
        double[] x = [1, 2, 3];
        var z = new double[3];
        proj.NullSpace(x, z);
        Assert.Equal(x, z);
    }

    [Fact]
    public void NormalStep_NewtonPointInside_IsTheMinimumNormSolution()
    {
        var proj = new ConstraintProjections(A);
        double[] b = [0.1, -0.2];
        var d = new double[4];
        var inf = Enumerable.Repeat(double.PositiveInfinity, 4).ToArray();
        var ninf = Enumerable.Repeat(double.NegativeInfinity, 4).ToArray();
        NormalStep.Solve(A, proj, b, 10, ninf, inf, d);
        var r = new double[2];
        DenseOps.Multiply(A, d, r);
        Assert.Equal(-0.1, r[0], 12);
        Assert.Equal(0.2, r[1], 12);
    }

    [Fact]
    public void NormalStep_SmallRadius_StaysInsideAndReducesTheResidual()
    {
        var proj = new ConstraintProjections(A);
        double[] b = [3, -4];
        var d = new double[4];
        var inf = Enumerable.Repeat(double.PositiveInfinity, 4).ToArray();
        var lb = new[] { double.NegativeInfinity, -0.05, double.NegativeInfinity, double.NegativeInfinity };
        NormalStep.Solve(A, proj, b, 0.3, lb, inf, d);
        Assert.True(DenseOps.Norm(d) <= 0.3 + 1e-12);
        Assert.True(d[1] >= -0.05 - 1e-12);
        var r = new double[2];
        DenseOps.Multiply(A, d, r);
        r[0] += b[0];
        r[1] += b[1];
        Assert.True(DenseOps.Norm(r) < 5);
    }

    [Fact]
    public void ProjectedCg_ConvexQuadratic_MatchesTheKktSolution()
    {
        // min ½ xᵀ diag(1,2,3,4) x + cᵀx subject to A x = 0: the KKT solution solves [[H, Aᵀ], [A, 0]].
        double[] h = [1, 2, 3, 4];
        double[] c = [1, -1, 0.5, 2];
        var proj = new ConstraintProjections(A);
        var x = new double[4];
        var inf = Enumerable.Repeat(double.PositiveInfinity, 4).ToArray();
        var ninf = Enumerable.Repeat(double.NegativeInfinity, 4).ToArray();
        var info = ProjectedCg.Solve((p, y) =>
        {
            for (int i = 0; i < 4; i++)
            {
                y[i] = h[i] * p[i];
            }
        }, c, proj, 2, new double[2], 100, ninf, inf, x);
        Assert.False(info.HitsBoundary);
        // Projected gradient H x + c is in the row space of A: its null-space part vanishes.
        var gr = new double[4];
        for (int i = 0; i < 4; i++)
        {
            gr[i] = (h[i] * x[i]) + c[i];
        }

        var pg = new double[4];
        proj.NullSpace(gr, pg);
        Assert.True(DenseOps.InfNorm(pg) < 1e-10, string.Join(", ", pg));
        var ax = new double[2];
        DenseOps.Multiply(A, x, ax);
        Assert.True(DenseOps.InfNorm(ax) < 1e-12);
    }

    [Fact]
    public void ProjectedCg_NegativeCurvature_StopsOnTheBoundary()
    {
        double[] c = [1, 0.5, 0, 0];
        var proj = new ConstraintProjections(A);
        var x = new double[4];
        var inf = Enumerable.Repeat(double.PositiveInfinity, 4).ToArray();
        var ninf = Enumerable.Repeat(double.NegativeInfinity, 4).ToArray();
        var info = ProjectedCg.Solve((p, y) =>
        {
            for (int i = 0; i < 4; i++)
            {
                y[i] = -p[i];
            }
        }, c, proj, 2, new double[2], 2, ninf, inf, x);
        Assert.True(info.HitsBoundary);
        Assert.Equal(ProjectedCg.Stop.NegativeCurvature, info.Stop);
        Assert.Equal(2, DenseOps.Norm(x), 10);
    }
}

public class SubproblemEdgeTests
{
    [Fact]
    public void Projections_NonFiniteJacobian_GiveNaNWithoutThrowing()
    {
        var proj = new ConstraintProjections(new double[,] { { 1, double.NaN } });
        Assert.True(proj.NonFinite);
        var z = new double[2];
        proj.NullSpace(new double[] { 1, 2 }, z);
        Assert.True(double.IsNaN(z[0]));
    }

    [Fact]
    public void Projections_MoreRowsThanVariables_UseTheSvd()
    {
        var a = new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } };
        var proj = new ConstraintProjections(a);
        Assert.True(proj.RankDeficient);
        Assert.Equal(2, proj.Rank);
        var z = new double[2];
        proj.NullSpace(new double[] { 3, -1 }, z);
        Assert.True(DenseOps.InfNorm(z) < 1e-12);
    }
}
