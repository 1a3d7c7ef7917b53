using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize;

/// <summary>
/// scipy test_optimize's <c>test_initial_step_scaling</c>: the first step must not be huge (or tiny) when f and its
/// gradient are scaled by 1e-50 or 1e50. BFGS and CG take their first trial step from the previous-f estimate
/// f + ‖g‖/2, so the first step is 1.01 whatever the scale.
/// </summary>
public class InitialStepScalingTests
{
    public static TheoryData<string, double> Cases()
    {
        var data = new TheoryData<string, double>();
        foreach (double scale in new[] { 1e-50, 1, 1e50 })
        {
            foreach (string method in new[] { "CG", "BFGS", "L-BFGS-B", "Newton-CG" })
            {
                // scipy skips these: they return the initial point when they see a small gradient.
                if (!(scale < 1e-10 && method is "L-BFGS-B" or "Newton-CG"))
                {
                    data.Add(method, scale);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FirstStep_IsScaleInvariant(string method, double scale)
    {
        double x0 = -1;
        double? firstStep = null;
        // scipy's f = s (x - 1)² with g = s (x - 1); here f = s (x - 1)² / 2 so that the gradient is exact.
        var objective = Objective.Create(x =>
        {
            double xv = x.ToArray()[0];
            if (firstStep is null && xv != x0)
            {
                firstStep = Math.Abs(xv - x0);
            }

            Assert.True(Math.Abs(xv) <= 1e4, "Optimization stepped far away!");
            return scale * 0.5 * (x - 1).Square().Sum();
        }) with
        {
            Gradient = x => [scale * (x[0] - 1)],
            Hessian = _ => new[,] { { scale } },
        };
        MinimizeOptions options = method switch
        {
            "CG" => new ConjugateGradientOptions { GradientTolerance = scale * 1e-8 },
            "BFGS" => new BfgsOptions { GradientTolerance = scale * 1e-8 },
            "L-BFGS-B" => new LBfgsBOptions(),
            _ => new NewtonCgOptions(),
        };
        var r = Minimizer.Minimize(objective, [x0], options);
        Assert.True(r.Success, r.ToString());
        Assert.Equal(1, r.X[0], 6);
        Assert.True(r.Nit <= 3, r.ToString());
        if (scale < 1e-10)
        {
            // As in scipy, no first-step check here: the step is bounded by ‖g‖, so the search takes small steps.
            return;
        }

        if (method is "CG" or "BFGS")
        {
            Assert.Equal(1.01, firstStep!.Value, 6);
        }
        else
        {
            Assert.InRange(firstStep!.Value, 0.5, 3);
        }
    }
}
