using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace HonestyAudit;

/// <summary>
/// Classifies an end point in float64, ignoring the method's status. The rule (also in docs/honesty.md and
/// bench/peers/mgh_honesty_scipy.py):
/// <list type="number">
/// <item>non-finite: X, f, the gradient or the Hessian has a NaN or an infinity;</item>
/// <item>flat start: the gradient and the Hessian are exactly zero at x0 and at X;</item>
/// <item>saddle: λmin &lt; −1e-6·max|λ| and the gradient is small;</item>
/// <item>improvable: the Newton polish lowers f by more than 1e-3·min(progress, max(1, |f(X)|)), where
/// progress = max(f(x0) − f(X), 1e-12·(1 + |f(X)|)) (the second term keeps starts with an enormous f(x0), such as
/// 100·x0 on exponential models, from hiding a decrease of many orders of magnitude);</item>
/// <item>verified minimizer: not improvable, λmin ≥ −1e-6·max|λ|, and the gradient is small;</item>
/// <item>could not classify: anything else.</item>
/// </list>
/// "The gradient is small" means ‖g‖∞ ≤ 1e-5·max(1, |f|), or the Newton decrement ½ Σ (vᵢ·g)² / max(|λᵢ|, 1e-12·max|λ|)
/// is at most min(1e-3·progress, 1e-6·max(1, |f|)): a full Newton step would not improve f materially (this admits
/// points rounded to float32, whose float64 gradient is H·δx).
/// </summary>
internal static class EndPointClassifier
{
    /// <summary>The polish must lower f by more than this fraction of the progress made to call a point improvable.</summary>
    public const double ImprovementFraction = 1e-3;

    /// <summary>The progress floor relative to 1 + |f(X)|, so a run that made no progress is still judged.</summary>
    public const double ProgressFloor = 1e-12;

    /// <summary>An eigenvalue below −NegativeCurvature·max|λ| is significant negative curvature.</summary>
    public const double NegativeCurvature = 1e-6;

    /// <summary>‖g‖∞ ≤ GradientTolerance·max(1, |f|) counts as a small gradient.</summary>
    public const double GradientTolerance = 1e-5;

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

    /// <summary>Classifies the end point <paramref name="x"/> of a run started at a point with float64 value <paramref name="startValue"/>.</summary>
    public static EndPointVerdict Classify(Float64Objective objective, double[] x, double startValue, bool flatStart)
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
        bool smallGradient = gNorm <= GradientTolerance * Math.Max(1, Math.Abs(f))
            || decrement <= Math.Min(ImprovementFraction * progress, DecrementTolerance * Math.Max(1, Math.Abs(f)));

        EndPointVerdict Verdict(EndPointClass cls, string reason) =>
            new(cls, reason, f, gNorm, lambdaMin, lambdaMax, decrement, polish.Value, polish.Steps, polishDistance, progress);

        if (negativeCurvature && smallGradient)
        {
            return Verdict(EndPointClass.Saddle, string.Create(c, $"λmin = {lambdaMin:G3} < -1e-6·{lambdaMax:G3} with |g| = {gNorm:G3}"));
        }

        if (improvable)
        {
            return Verdict(EndPointClass.Improvable, string.Create(c, $"polish lowers f by {improvement:G3} > {materialDecrease:G3}"));
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
