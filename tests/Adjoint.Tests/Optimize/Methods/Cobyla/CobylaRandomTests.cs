using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods.Cobyla;
using Adjoint.Tensors;
using Xunit.Abstractions;

namespace Adjoint.Tests.Optimize.Methods.Cobyla;

/// <summary>Seeded random convex problems (every other one with bounds): COBYLA must end feasible and verified, or say why not.</summary>
public class CobylaRandomTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Cobyla_RandomConvexQuadraticWithLinearAndDiskConstraints_Succeeds(int seed)
    {
        var rng = new Random(seed);
        int failures = 0;
        for (int trial = 0; trial < 10; trial++)
        {
            int n = 2 + rng.Next(4), m = 1 + rng.Next(4);
            var center = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 6) - 3).ToArray();
            var weights = Enumerable.Range(0, n).Select(_ => 0.5 + (rng.NextDouble() * 4)).ToArray();
            var a = new double[m, n];
            var b = new double[m];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    a[i, j] = (rng.NextDouble() * 2) - 1;
                }

                b[i] = 0.2 + rng.NextDouble();   // x = 0 is strictly feasible
            }

            var x0 = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 4) - 2).ToArray();
            var c = Tensor.FromArray(center);
            var w = Tensor.FromArray(weights);
            double radius = 1.5 + rng.NextDouble();
            var constraints = new List<Constraint>
            {
                new LinearConstraint(a, Enumerable.Repeat(double.NegativeInfinity, m).ToArray(), b) { Name = "planes" },
                Constraint.Inequality(x => (radius * radius) - (x * x).Sum(), "disk"),
            };
            var bounds = trial % 2 == 0 ? Bounds.All(-1.0, 2.0) : null;
            var r = Minimizer.Minimize(Objective.Create(x => (w * (x - c).Square()).Sum()), Tensor.FromArray(x0), new CobylaOptions(),
                bounds, constraints: constraints);
            if (bounds is not null)
            {
                Assert.All(r.X, v => Assert.InRange(v, -1.0, 2.0));
            }

            output.WriteLine($"seed {seed} trial {trial} n={n} m={m}: {r.Status} f={r.Fun:G8} maxcv={r.MaxConstraintViolation:E2} nfev={r.Nfev} {r.Message}");
            Assert.True(r.MaxConstraintViolation <= 2e-4 || !r.Success, r.ToString());
            if (!r.Success)
            {
                failures++;
            }
        }

        Assert.Equal(0, failures);
    }
}
