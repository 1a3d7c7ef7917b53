using System.Globalization;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Optimize.Methods.Slsqp;
using Adjoint.Tensors;
using Xunit.Abstractions;

namespace Adjoint.Tests.Optimize.Methods.Slsqp;

public class SlsqpTests(ITestOutputHelper output)
{
    /// <summary>A constrained test problem defined here (Hock and Schittkowski 1981 numbering).</summary>
    private sealed record Hs(string Name, Func<Tensor, Tensor> F, double[] X0, Bounds? Bounds, Constraint[] Constraints, double FStar);

    private static Tensor S(Tensor x, int i) => x[i];

    private static readonly Hs[] Problems =
    [
        new("HS6", x => (1 - S(x, 0)).Square(), [-1.2, 1], null,
            [Constraint.Equality(x => 10 * (S(x, 1) - S(x, 0).Square()), "c1")], 0),
        new("HS7", x => Tensor.Log(1 + S(x, 0).Square()) - S(x, 1), [2, 2], null,
            [Constraint.Equality(x => (1 + S(x, 0).Square()).Square() + S(x, 1).Square() - 4, "c1")], -Math.Sqrt(3)),
        new("HS21", x => (0.01 * S(x, 0).Square()) + S(x, 1).Square() - 100, [-1, -1], Bounds.FromPairs((2, 50), (-50, 50)),
            [Constraint.Inequality(x => (10 * S(x, 0)) - S(x, 1) - 10, "c1")], -99.96),
        new("HS35", x => 9 - (8 * S(x, 0)) - (6 * S(x, 1)) - (4 * S(x, 2)) + (2 * S(x, 0).Square()) + (2 * S(x, 1).Square())
                + S(x, 2).Square() + (2 * S(x, 0) * S(x, 1)) + (2 * S(x, 0) * S(x, 2)),
            [0.5, 0.5, 0.5], Bounds.All(0, null), [Constraint.Inequality(x => 3 - S(x, 0) - S(x, 1) - (2 * S(x, 2)), "c1")], 1.0 / 9),
        new("HS71", x => (S(x, 0) * S(x, 3) * (S(x, 0) + S(x, 1) + S(x, 2))) + S(x, 2), [1, 5, 5, 1], Bounds.All(1, 5),
            [Constraint.Inequality(x => (S(x, 0) * S(x, 1) * S(x, 2) * S(x, 3)) - 25, "product"),
             Constraint.Equality(x => x.Square().Sum() - 40, "sphere")], 17.0140172891563),
    ];

    public static TheoryData<string> ProblemNames => new(Problems.Select(p => p.Name));

    private void Report(string name, MinimizeResult r) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: status {r.Status} f {r.Fun:R} nit {r.Nit} nfev {r.Nfev} njev {r.Njev} violation {r.MaxConstraintViolation:E2} | {r.Message}"));

    [Theory]
    [MemberData(nameof(ProblemNames))]
    public void Slsqp_HockSchittkowski_ReachesFStar(string name)
    {
        var p = Problems.Single(q => q.Name == name);
        var r = Minimizer.Minimize(p.F, p.X0, new SlsqpOptions(), p.Bounds, constraints: p.Constraints);
        Report(name, r);
        Assert.True(r.Success, r.Message);
        Assert.True(Math.Abs(r.Fun - p.FStar) <= 1e-6 * Math.Max(1, Math.Abs(p.FStar)), $"f = {r.Fun:R}, f* = {p.FStar:R}");
        Assert.True(r.MaxConstraintViolation <= 1e-6);
        Assert.True(r.Nit <= 100);
    }
}
