using Adjoint.Optimize;
using Adjoint.Tensors;
using Adjoint.TestProblems;

namespace Adjoint.Tests.Optimize.Methods;

/// <summary>
/// Runs one constrained method over the Hock-Schittkowski catalog from the standard starts, with a written list of
/// known exceptions (problem -> where the run ends and why), as <see cref="CatalogRunner"/> does for the MGH problems.
/// </summary>
/// <remarks>
/// <para>A run passes when it reaches f* (1e-6 relative) at a point feasible to the constraint tolerance, or, for a
/// listed problem, ends exactly where its <see cref="ExpectedEnd"/> says (status and f to 1e-6) without reaching f*, so
/// an exception cannot go stale. Whatever the list says, a run that reports success must be feasible (violation
/// recomputed here from the catalog's own functions and bounds) and at f* or a documented other local minimum: success
/// at a non-solution always fails. The result's MaxConstraintViolation must agree with the recomputed violation.</para>
/// <para>Method test classes use it as
/// <c>[Theory, MemberData(nameof(ConstrainedCatalogRunner.ProblemsFor), "SLSQP", MemberType = typeof(ConstrainedCatalogRunner))]</c>
/// and call <see cref="Run(MinimizeOptions, string, IReadOnlyDictionary{string, ExpectedEnd})"/> with their options and exceptions.</para>
/// </remarks>
internal static class ConstrainedCatalogRunner
{
    /// <summary>Every catalog problem whose bounds and constraint kinds the named method supports.</summary>
    public static TheoryData<string> ProblemsFor(string method)
    {
        var caps = MethodRegistry.Find(method).Capabilities;
        var d = new TheoryData<string>();
        foreach (var p in HockSchittkowski.All.Where(p => Supports(caps, p)))
        {
            d.Add(p.Name);
        }

        return d;
    }

    /// <summary>Whether a method with these capabilities can be given the problem.</summary>
    public static bool Supports(MethodCapabilities caps, ConstrainedTestProblem p) =>
        (!p.HasBounds || caps.SupportsBounds) && (!p.HasEqualities || caps.SupportsEquality) && (!p.HasInequalities || caps.SupportsInequality);

    /// <summary>Runs <paramref name="options"/> on problem <paramref name="name"/> and checks the outcome against f* and
    /// <paramref name="knownExceptions"/>; returns the result for further checks.</summary>
    public static MinimizeResult Run(MinimizeOptions options, string name, IReadOnlyDictionary<string, ExpectedEnd> knownExceptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(knownExceptions);
        var p = HockSchittkowski.Get(name);
        var r = Minimizer.Minimize(p.Function, p.X0, options, p.Bounds(), constraints: p.Constraints.Count == 0 ? null : p.Constraints);
        bool single = options.Precision is DType.Float32;
        double tolerance = options.ConstraintTolerance ?? (single ? 1e-4 : 1e-6);
        Check(p, r, tolerance, knownExceptions, agreement: single ? 1e-4 : 1e-9);
        return r;
    }

    /// <summary>Runs a method instance (one not in the registry, or built with internals) on problem <paramref name="name"/>
    /// with the checks of <see cref="Run(MinimizeOptions, string, IReadOnlyDictionary{string, ExpectedEnd})"/>.</summary>
    public static MinimizeResult Run(IMinimizationMethod method, string name, IReadOnlyDictionary<string, ExpectedEnd> knownExceptions,
        double tolerance = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(method);
        var p = HockSchittkowski.Get(name);
        var r = Minimizer.Minimize(method, p.Function, Tensor.FromArray(p.X0), p.Bounds(), constraints: p.Constraints.Count == 0 ? null : p.Constraints);
        Check(p, r, tolerance, knownExceptions);
        return r;
    }

    /// <summary>The checks of <see cref="Run(MinimizeOptions, string, IReadOnlyDictionary{string, ExpectedEnd})"/> on a result already computed (for runs with a control or other settings).</summary>
    /// <param name="p">The problem.</param>
    /// <param name="r">The run's result.</param>
    /// <param name="tolerance">The constraint tolerance the run used (1e-6 by default in float64).</param>
    /// <param name="knownExceptions">Where listed problems end.</param>
    /// <param name="agreement">How closely (relative) the reported f and violation must match their float64 recomputation
    /// here: 1e-9 for float64 runs, 1e-4 for float32 ones.</param>
    public static void Check(ConstrainedTestProblem p, MinimizeResult r, double tolerance, IReadOnlyDictionary<string, ExpectedEnd> knownExceptions,
        double agreement = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(knownExceptions);
        string key = p.Name;
        Assert.Equal(r.Status.IsSuccess(), r.Success);
        Assert.True(double.IsFinite(r.Fun), $"{key}: {r}");
        Assert.Equal(p.Dimension, r.X.Length);
        double violation = p.MaxViolation(r.X);
        Assert.True(double.IsFinite(violation), $"{key}: constraints not finite at the result; {r}");
        Assert.True(Math.Abs(r.MaxConstraintViolation - violation) <= agreement * (1 + violation + ViolationScale(p, r.X)),
            $"{key}: reports a violation of {r.MaxConstraintViolation:G6}, recomputed {violation:G6}");
        double f = p.Function(Tensor.FromArray(r.X)).Item();
        Assert.True(Math.Abs(f - r.Fun) <= agreement * Math.Max(1, Math.Abs(f)), $"{key}: reports f = {r.Fun:R}, f(x) = {f:R}");
        bool feasible = violation <= tolerance;
        bool solved = feasible && p.Reached(r.Fun);
        if (r.Success)
        {
            Assert.True(feasible, $"{key}: success at a point violating the constraints by {violation:G3} (tolerance {tolerance:G3}); {r.Message}");
            Assert.True(p.Reached(r.Fun, allowOther: true),
                $"{key}: success at f = {r.Fun:R}, which is neither f* = {p.KnownMinimum:R} nor a documented local minimum; {r.Message}");
        }

        if (knownExceptions.TryGetValue(key, out var known))
        {
            Assert.False(solved, $"{key}: listed as an exception ({known.Reason}) but reaches f* now: {r}");
            Assert.True(known.Status == r.Status && known.Matches(r.Fun),
                $"{key}: listed as ending with {known.Status} at f = {known.Fun:R} ({known.Reason}); ends with {r.Status} at f = {r.Fun:R} (violation {violation:G3})");
            return;
        }

        Assert.True(solved, $"{key}: f = {r.Fun:G10} (f* = {p.KnownMinimum:G10}), violation {violation:G3}; {r.Status}: {r.Message}");
    }

    /// <summary>The size of the quantities a violation is computed from (the largest |c_i(x)| and |x_i|), for relative
    /// comparisons: a row near zero made of large terms carries their rounding.</summary>
    private static double ViolationScale(ConstrainedTestProblem p, double[] x)
    {
        double scale = x.Length == 0 ? 0 : x.Max(Math.Abs);
        foreach (double v in p.ConstraintRows(x).Values)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        return scale * 1e-3;
    }
}
