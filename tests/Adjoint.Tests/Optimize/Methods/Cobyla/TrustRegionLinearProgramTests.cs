using Adjoint.Optimize.Methods.Cobyla;

namespace Adjoint.Tests.Optimize.Methods.Cobyla;

/// <summary>The trust-region linear program (Powell's TRSTLP) on cases with known answers.</summary>
public class TrustRegionLinearProgramTests
{
    private static (double[] D, bool Full, double T) Solve(double[][] a, double[] c, double[] g, double rho)
    {
        var lp = new TrustRegionLinearProgram(g.Length, c.Length);
        var d = new double[g.Length];
        bool full = lp.Solve(a, c, g, rho, d);
        return (d, full, lp.PhaseOneViolation);
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));

    [Fact]
    public void Unconstrained_StepsDownhillToTheBoundary()
    {
        var (d, full, t) = Solve([], [], [3, 4], 0.5);
        Assert.True(full);
        Assert.Equal(0, t);
        Assert.Equal(-0.3, d[0], 12);
        Assert.Equal(-0.4, d[1], 12);
    }

    [Fact]
    public void ActiveConstraint_SlidesAlongIt()
    {
        // minimize -d0 subject to 0.2 - d0 >= 0 in a ball of radius 1: d0 stops at 0.2 where the constraint blocks, and the
        // projected gradient is then zero: the optimum inside the ball.
        var (d, full, _) = Solve([[-1, 0]], [0.2], [-1, 0], 1);
        Assert.False(full);
        Assert.Equal(0.2, d[0], 12);
        Assert.Equal(0, d[1], 12);
    }

    [Fact]
    public void ActiveConstraint_ThenProjectedDescentToTheBoundary()
    {
        // minimize -d0 - d1 subject to 0.2 - d0 >= 0: the path goes along (1, 1) to d0 = 0.2, then along e1 to the sphere.
        var (d, full, _) = Solve([[-1, 0]], [0.2], [-1, -1], 1);
        Assert.True(full);
        Assert.Equal(0.2, d[0], 12);
        Assert.Equal(Math.Sqrt(1 - 0.04), d[1], 12);
        Assert.Equal(1, Norm(d), 12);
    }

    [Fact]
    public void Vertex_InsideTheBall_IsTheOptimum()
    {
        // minimize d0 + d1 subject to d0 >= -0.1 and d1 >= -0.1.
        var (d, full, _) = Solve([[1, 0], [0, 1]], [0.1, 0.1], [1, 1], 1);
        Assert.False(full);
        Assert.Equal(-0.1, d[0], 12);
        Assert.Equal(-0.1, d[1], 12);
    }

    [Fact]
    public void InfeasibleInTheBall_MinimizesTheViolation()
    {
        // c = -10 + d0 >= 0 cannot hold within radius 1: phase 1 goes to d = e0, leaving violation 9.
        var (d, full, t) = Solve([[1, 0]], [-10], [0, 1], 1);
        Assert.True(full);
        Assert.Equal(1, d[0], 9);
        Assert.Equal(9, t, 9);
    }

    [Fact]
    public void InfeasibleStart_FeasibleInTheBall_ThenMinimizesTheObjective()
    {
        // d0 - 0.3 >= 0 is violated at d = 0; phase 1 reaches d0 = 0.3, phase 2 then minimizes d1 along the constraint.
        var (d, full, t) = Solve([[1, 0]], [-0.3], [0, 1], 1);
        Assert.True(full);
        Assert.Equal(0, t);
        Assert.True(d[0] >= 0.3 - 1e-12);
        Assert.Equal(1, Norm(d), 12);
        Assert.True(d[1] < -0.9);
    }

    [Fact]
    public void TwoViolatedConstraints_ReduceTogether()
    {
        // Both c_1 = -1 + d0 and c_2 = -1 + d1 are violated by 1; the path moves along (1, 1) and lowers both at one rate.
        var (d, full, t) = Solve([[1, 0], [0, 1]], [-1, -1], [0, 0], 1);
        Assert.True(full);
        Assert.Equal(d[0], d[1], 12);
        Assert.Equal(1 - Math.Sqrt(0.5), t, 9);
    }
}
