using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace HonestyAudit;

/// <summary>
/// Classifies an end point in float64, ignoring the method's status. The rule (also in docs/honesty.md and
/// bench/peers/mgh_honesty_scipy.py):
/// <list type="number">
/// <item>non-finite: X, f, the gradient or the Hessian has a NaN or an infinity;</item>
/// <item>flat start: the gradient and the Hessian are exactly zero at x0 and at X;</item>
/// <item>saddle: λmin &lt; −1e-6·max|λ| and the gradient is small in float64 terms (the first two tests below);</item>
/// <item>improvable: the Newton polish lowers f by more than 1e-3·min(progress, max(1, |f(X)|)), where
/// progress = max(f(x0) − f(X), 1e-12·(1 + |f(X)|)) (the second term keeps starts with an enormous f(x0), such as
/// 100·x0 on exponential models, from hiding a decrease of many orders of magnitude);</item>
/// <item>saddle, too: not improvable, λmin &lt; −1e-6·max|λ|, and the gradient is small (any test below);</item>
/// <item>verified minimizer: not improvable, λmin ≥ −1e-6·max|λ|, and the gradient is small (any test below);</item>
/// <item>could not classify: anything else.</item>
/// </list>
/// "The gradient is small" means any of: ‖g‖∞ ≤ max(1e-5, √ε)·max(1, |f|) (the default gtol of the evaluation dtype,
/// with machine epsilon ε: 1e-5 in float64, 3.5e-4 in float32); the Newton decrement
/// δ = ½ Σ (vᵢ·g)² / max(|λᵢ|, 1e-12·max|λ|) is at most min(1e-3·progress, 1e-6·max(1, |f|)); or δ is at most 10·R, where
/// R = ½ Σᵢⱼ |Hᵢⱼ| uᵢ uⱼ with uᵢ = ε·|xᵢ| is the decrement that rounding X to the evaluation dtype alone can cause.
/// </summary>
internal static class EndPointClassifier
{
    /// <summary>The polish must lower f by more than this fraction of the progress made to call a point improvable.</summary>
    public const double ImprovementFraction = 1e-3;

    /// <summary>The progress floor relative to 1 + |f(X)|, so a run that made no progress is still judged.</summary>
    public const double ProgressFloor = 1e-12;

    /// <summary>An eigenvalue below −NegativeCurvature·max|λ| is significant negative curvature.</summary>
    public const double NegativeCurvature = 1e-6;

    /// <summary>‖g‖∞ ≤ max(GradientTolerance, √ε)·max(1, |f|) counts as a small gradient (ε: the evaluation dtype's machine epsilon).</summary>
    public const double GradientTolerance = 1e-5;

    /// <summary>A Newton decrement up to this multiple of the rounding decrement R counts as a small gradient.</summary>
    public const double RoundingAllowance = 10;

    /// <summary>A Newton decrement at most DecrementTolerance·max(1, |f|) (and at most the improvement threshold) counts as a small gradient.</summary>
    public const double DecrementTolerance = 1e-6;

    /// <summary>Eigenvalue magnitudes are floored at this fraction of max|λ| in the Newton decrement.</summary>
    public const double EigenvalueFloor = 1e-12;

    /// <summary>Whether the gradient and the Hessian are exactly zero at x.</summary>
    public static bool IsFlat(Float64Objective objective, double[] x)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return objective.Gradient(x).All(v => v == 0) && objective.Hessian(x).Enumerate().All(v => v == 0);
    }

    /// <summary>
    /// Classifies the end point <paramref name="x"/> of a run started at a point with float64 value <paramref name="startValue"/>,
    /// whose objective was evaluated with machine epsilon <paramref name="evaluationEpsilon"/>.
    /// </summary>
    public static EndPointVerdict Classify(Float64Objective objective, double[] x, double startValue, bool flatStart, double evaluationEpsilon)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(x);
        var c = CultureInfo.InvariantCulture;
        double nan = double.NaN;
        if (!x.All(double.IsFinite))
        {
            return new EndPointVerdict(EndPointClass.NonFinite, "X is not finite", nan, nan, nan, nan, nan, nan, 0, nan, nan);
        }

        double f = objective.Value(x);
        var g = objective.Gradient(x);
        var h = objective.Hessian(x);
        double gNorm = g.Length == 0 ? 0 : g.Max(Math.Abs);
        if (!double.IsFinite(f) || !double.IsFinite(gNorm) || !h.Enumerate().All(double.IsFinite))
        {
            return new EndPointVerdict(EndPointClass.NonFinite, "f, the gradient or the Hessian is not finite at X", f, gNorm, nan, nan, nan, nan, 0, nan, nan);
        }

        double progress = Math.Max(startValue - f, ProgressFloor * (1 + Math.Abs(f)));
        if (flatStart && gNorm == 0 && h.Enumerate().All(v => v == 0))
        {
            return new EndPointVerdict(EndPointClass.FlatStart, "gradient and Hessian exactly zero at x0 and at X", f, 0, 0, 0, 0, f, 0, 0, progress);
        }

        if (SymmetricEigen.TryCompute(h) is not { } eigen)
        {
            return new EndPointVerdict(EndPointClass.Unclassified, "the eigendecomposition of the Hessian failed", f, gNorm, nan, nan, nan, nan, 0, nan, progress);
        }

        var lambda = eigen.Values;
        double lambdaMin = lambda.Min();
        double lambdaMax = lambda.Max(Math.Abs);
        var vg = eigen.Vectors.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(g));
        double decrement = 0;
        for (int i = 0; i < lambda.Length; i++)
        {
            if (vg[i] != 0)
            {
                decrement += 0.5 * vg[i] * vg[i] / Math.Max(Math.Abs(lambda[i]), EigenvalueFloor * lambdaMax);
            }
        }

        var polish = NewtonPolish.Run(objective, x, f);
        double polishDistance = x.Select((xi, i) => Math.Abs(polish.X[i] - xi)).DefaultIfEmpty(0).Max();
        double improvement = f - polish.Value;
        double materialDecrease = ImprovementFraction * Math.Min(progress, Math.Max(1, Math.Abs(f)));
        bool improvable = improvement > materialDecrease;
        bool negativeCurvature = lambdaMin < -NegativeCurvature * lambdaMax;
        double roundingDecrement = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                roundingDecrement += 0.5 * Math.Abs(h[i, j]) * evaluationEpsilon * Math.Abs(x[i]) * evaluationEpsilon * Math.Abs(x[j]);
            }
        }

        bool smallInFloat64 = gNorm <= GradientTolerance * Math.Max(1, Math.Abs(f))
            || decrement <= Math.Min(ImprovementFraction * progress, DecrementTolerance * Math.Max(1, Math.Abs(f)));
        bool smallGradient = smallInFloat64
            || gNorm <= Math.Max(GradientTolerance, Math.Sqrt(evaluationEpsilon)) * Math.Max(1, Math.Abs(f))
            || decrement <= RoundingAllowance * roundingDecrement;

        EndPointVerdict Verdict(EndPointClass cls, string reason) =>
            new(cls, reason, f, gNorm, lambdaMin, lambdaMax, decrement, polish.Value, polish.Steps, polishDistance, progress);

        string saddle = string.Create(c, $"λmin = {lambdaMin:G3} < -1e-6·{lambdaMax:G3} with |g| = {gNorm:G3}");
        if (negativeCurvature && smallInFloat64)
        {
            return Verdict(EndPointClass.Saddle, saddle);
        }

        if (improvable)
        {
            return Verdict(EndPointClass.Improvable, string.Create(c, $"polish lowers f by {improvement:G3} > {materialDecrease:G3}"));
        }

        if (negativeCurvature && smallGradient)
        {
            return Verdict(EndPointClass.Saddle, saddle);
        }

        if (!negativeCurvature && smallGradient)
        {
            return Verdict(EndPointClass.VerifiedMinimizer, "not improvable, no negative curvature, small gradient");
        }

        return Verdict(EndPointClass.Unclassified, negativeCurvature
            ? string.Create(c, $"negative curvature λmin = {lambdaMin:G3} with |g| = {gNorm:G3}, and the polish finds no material decrease")
            : string.Create(c, $"the polish finds no material decrease, yet |g| = {gNorm:G3} and the Newton decrement {decrement:G3} are large"));
    }
}
