using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods;

public class NelderMeadTests
{
    [Fact]
    public void NelderMead_Box3D_FollowsScipysPath()
    {
        // scipy 1.10 from the standard start: nfev 480, nit 265 (scipy's count starts at 1), f = 0.0755887407549974.
        // The path depends on the centroid being summed in vertex order and divided once, as scipy does.
        var p = TestProblemTests.Find("Box3D(3)");
        var r = Minimizer.Minimize(Objective.Create(p.Function), Tensor.FromArray(p.X0), new NelderMeadOptions());
        Assert.Equal(TerminationReason.SimplexConverged, r.Status);
        Assert.Equal(480, r.Nfev - r.Check!.FunctionEvaluations);
        Assert.Equal(264, r.Nit);
        Assert.Equal(0.0755887407549974, r.Fun, 1e-12);
    }
}
