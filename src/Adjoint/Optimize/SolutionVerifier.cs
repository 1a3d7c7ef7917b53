using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using Adjoint.Tensors;

namespace Adjoint.Optimize;

/// <summary>
/// The final check of a minimization (see <see cref="SolutionCheck"/> for the rule): curvature at the returned point and
/// trial steps that a local Newton polish would take. The driver restarts the method from a better point it finds, or
/// reports a saddle, a flat start or a point that is not a minimizer instead of success.
/// </summary>
internal static class SolutionVerifier
{
    /// <summary>Up to this many free variables the Hessian is formed and decomposed exactly.</summary>
    public const int DenseLimit = 64;

    /// <summary>The fraction of the scale of f (|f| plus √ε times the progress made) that trial steps must gain to show the point is not a minimizer.</summary>
    public const double ProgressFraction = 1e-3;

    /// <summary>Curvature of magnitude at most this fraction of the largest counts as nearly flat (the slope test).</summary>
    public const double SaddleCurvatureRatio = 1e-4;

    /// <summary>
    /// Negative curvature below this fraction of the largest curvature (or √ε of a float32 objective's precision, if larger)
    /// is significant: a point with it is not a minimizer (an exact Hessian's rounding error is near ε₆₄ times the
    /// largest curvature, ten orders of magnitude smaller).
    /// </summary>
    public const double NegativeCurvatureRatio = 1e-6;

    /// <summary>A decrease of f beyond this multiple of the rounding level along significant negative curvature marks a saddle.</summary>
    public const double SaddleRoundingMultiple = 64;

    /// <summary>A variable this close to a bound (relative to max(1, |bound|)) with the gradient pointing outward is held there.</summary>
    public const double BoundReach = 1.4901161193847656e-8;

    /// <summary>At most this many steps of the damped Newton polish (dense route).</summary>
    public const int PolishSteps = 20;

    /// <summary>At most this many tenfold increases of the polish's damping per step.</summary>
    public const int PolishDampingIncreases = 40;

    /// <summary>The polish's first damping, relative to the larger of the largest curvature and the largest gradient entry.</summary>
    public const double PolishInitialDamping = 1e-10;

    /// <summary>The first-order test: ‖g‖∞ at most this (or √ε of the evaluation dtype, if larger) times max(1, |f|).</summary>
    public const double FirstOrderGradient = 1e-5;

    /// <summary>The first-order test: a Newton decrement at most this times max(1, |f|).</summary>
    public const double FirstOrderDecrement = 1e-6;

    /// <summary>What the check concluded.</summary>
    public enum Kind
    {
        /// <summary>The check could not run (see the note).</summary>
        NotChecked,

        /// <summary>A local minimizer to the precision available.</summary>
        Verified,

        /// <summary>A trial step lowered f materially; <see cref="Verdict.BetterX"/> holds it.</summary>
        Improvable,

        /// <summary>Gradient and Hessian exactly zero at the start.</summary>
        FlatStart,

        /// <summary>
        /// Not a verified minimizer, and no better point to move to: significant negative curvature along which f does not
        /// fall measurably (<see cref="Verdict.Saddle"/>), or a gradient that fails the first-order test.
        /// </summary>
        Unverified,
    }

    /// <summary>The check's conclusion with its numbers.</summary>
    public sealed record Verdict(Kind Kind, SolutionCheck Report)
    {
        /// <summary>The better point found, for <see cref="Kind.Improvable"/>.</summary>
        public double[]? BetterX { get; init; }

        /// <summary>f at <see cref="BetterX"/> in the check's dtype.</summary>
        public double BetterF { get; init; } = double.NaN;

        /// <summary>
        /// For <see cref="Kind.Verified"/>: whether the quadratic model agrees (the Newton step's predicted decrease is
        /// below the threshold too). Only then does a method's own failure become <see cref="TerminationReason.VerifiedMinimum"/>.
        /// </summary>
        public bool ModelAgrees { get; init; } = true;

        /// <summary>For <see cref="Kind.FlatStart"/>: whether the flat point is the start (otherwise a flat region reached later).</summary>
        public bool AtStart { get; init; }

        /// <summary>Whether the point has significant negative curvature (a saddle, or a flat region that is not a minimum).</summary>
        public bool Saddle { get; init; }

        /// <summary>For <see cref="Kind.Improvable"/>: whether <see cref="BetterX"/> is the polished point and passes the first-order test.</summary>
        public bool BetterPassesFirstOrder { get; init; }

    }

    /// <summary>Checks the point <paramref name="x"/> (objective <paramref name="f"/>) reached from a start with objective <paramref name="f0"/>.</summary>
    public static Verdict Check(MinimizationProblem problem, double[] x, double f, double f0, bool atStart)
    {
        int n = problem.Dimension;
        double evalEps = problem.MachineEpsilon;
        problem.Checking = true;
        var g = new double[n];
        var dtype = DType.Float64;
        double fx;
        try
        {
            if (!problem.TryCheckGradient(x, dtype, g, out fx))
            {
                dtype = problem.Precision;
                if (dtype == DType.Float64 || !problem.TryCheckGradient(x, dtype, g, out fx))
                {
                    return NotChecked("the objective could not be differentiated at the solution by automatic differentiation (it is not on the tape, or it threw)");
                }
            }

            double progress = Math.Max(f0 - f, 0);
            double rounding = 16 * evalEps * (1 + Math.Abs(f));
            double threshold = (ProgressFraction * (Math.Abs(f) + (Math.Sqrt(Precision<double>.MachineEpsilon) * progress))) + rounding;
            var free = FreeMask(problem, x, g);
            int nf = free.Count(b => b);
            if (nf == 0)
            {
                return Verified(dtype, double.NaN, double.NaN, 0, threshold, "every variable is held at a bound by a gradient pointing outward");
            }

            var gf = new double[n];
            for (int i = 0; i < n; i++)
            {
                gf[i] = free[i] ? g[i] : 0;
            }

            if (g.All(v => v == 0))
            {
                var v = RandomDirection(n, free);
                var hv = new double[n];
                if (problem.TryCheckHessianVectorProduct(x, v, dtype, hv) && hv.All(a => a == 0))
                {
                    return new Verdict(Kind.FlatStart, new SolutionCheck
                    {
                        Performed = true,
                        Precision = dtype,
                        SmallestCurvature = 0,
                        LargestCurvature = 0,
                        PolishDecrease = 0,
                        Threshold = threshold,
                        Note = atStart
                            ? "The gradient and a Hessian-vector product along a random direction are exactly zero at x0."
                            : "Not a verified minimizer: the gradient and a Hessian-vector product along a random direction are exactly zero (a flat region).",
                    })
                    { AtStart = atStart };
                }
            }

            // An orthonormal basis of directions (columns, length n) with the curvature along each.
            if (!Curvature(problem, x, dtype, gf, free, nf, out var basis, out var curvature))
            {
                return NotChecked("the Hessian could not be evaluated at the solution");
            }

            double largest = curvature.Max(Math.Abs);
            double smallest = curvature.Min();
            double tiny = Math.Sqrt(Precision<double>.MachineEpsilon) * largest;
            var lower = problem.Lower;
            var upper = problem.Upper;

            double bestF = fx;
            double[]? bestX = null;

            bool dense = basis.Length > 0 && basis.Length == nf && nf <= DenseLimit;

            // The decrease the quadratic model predicts for the Newton step: where it is material but no step
            // delivers it, the model cannot be trusted to confirm the point.
            double predicted = 0;
            for (int j = 0; j < curvature.Length; j++)
            {
                if (curvature[j] > tiny)
                {
                    double c = Dot(basis[j], gf);
                    predicted += 0.5 * c * c / curvature[j];
                }
            }

            bool firstOrder = FirstOrderHolds(gf, basis, curvature, x, fx, evalEps);
            double[] xc;
            double fc;
            bool polishedFirstOrder = firstOrder;
            if (dense)
            {
                (xc, fc, polishedFirstOrder) = Polish(problem, x, fx, dtype, gf, free, nf, basis, curvature, threshold, evalEps, lower, upper);
            }
            else
            {
                (xc, fc) = NewtonTrial(problem, x, fx, dtype, gf, basis, curvature, tiny, lower, upper);
            }

            if (fc < bestF)
            {
                bestF = fc;
                bestX = xc;
            }

            // Downhill along the gradient's part in directions of (nearly) zero curvature, where Newton steps cannot
            // move: a point in a curved valley whose floor still slopes is not a minimizer.
            string how = "a damped Newton polish";
            var slope = new double[n];
            for (int j = 0; j < curvature.Length; j++)
            {
                if (Math.Abs(curvature[j]) <= SaddleCurvatureRatio * largest)
                {
                    Axpy(Dot(basis[j], gf), basis[j], slope);
                }
            }

            double slopeNorm = Math.Sqrt(Dot(slope, slope));
            double reach = Math.Max(1, x.Max(Math.Abs));
            if (slopeNorm * 0.1 * reach > threshold)
            {
                Scale(slope, -1 / slopeNorm);
                foreach (double length in (ReadOnlySpan<double>)[1e-4, 1e-3, 1e-2, 1e-1])
                {
                    var trial = Trial(x, slope, length * reach, lower, upper);
                    double ft = problem.CheckValue(trial, dtype);
                    if (ft < bestF)
                    {
                        bestF = ft;
                        bestX = trial;
                        how = "a step down the slope of a nearly flat direction";
                    }
                }
            }

            // Along the most negative curvature, downhill, at four lengths.
            if (smallest < -tiny)
            {
                int jmin = Array.IndexOf(curvature, smallest);
                var d = (double[])basis[jmin].Clone();
                if (Dot(d, gf) > 0)
                {
                    for (int i = 0; i < n; i++)
                    {
                        d[i] = -d[i];
                    }
                }

                // Downhill by the gradient first; both ways, since along negative curvature f falls on both sides
                // of a saddle (and a gradient that is wrong in sign must not hide it).
                double xScale = Math.Max(1, x.Max(Math.Abs));
                foreach (double length in (ReadOnlySpan<double>)[1e-4, 1e-3, 1e-2, 1e-1, -1e-4, -1e-3, -1e-2, -1e-1])
                {
                    var trial = Trial(x, d, length * xScale, lower, upper);
                    double ft = problem.CheckValue(trial, dtype);
                    if (ft < bestF)
                    {
                        bestF = ft;
                        bestX = trial;
                        how = "a step along negative curvature";
                    }
                }
            }

            double decrease = fx - bestF;
            // Negative curvature is significant below -max(1e-6, √ε) of the largest, ε the objective's own precision: a
            // float32 method ends about √ε₃₂ from the minimizer, and along flat directions (symmetries of a
            // factorization) the third derivative times that distance gives curvature of that relative size either way.
            double negativeRatio = Math.Max(NegativeCurvatureRatio, Math.Sqrt(Tensors.Precision.MachineEpsilon(problem.Precision)));
            bool negative = smallest < -negativeRatio * largest;
            // Significant negative curvature where f really falls (beyond rounding) marks a saddle even when the
            // immediate gain is small; the run escapes it.
            bool saddle = negative && decrease > SaddleRoundingMultiple * rounding;
            // A point that fails the first-order test, where the polish reaches one that passes it, is moved there.
            bool repaired = !firstOrder && polishedFirstOrder && ReferenceEquals(bestX, xc) && fc < fx;
            if (bestX is not null && (decrease > threshold || saddle || repaired))
            {
                string why = decrease > threshold || saddle
                    ? $"{how} lowers f from {SolutionCheck.Format(fx)} to {SolutionCheck.Format(bestF)} (by {SolutionCheck.Format(decrease)}, {(decrease > threshold ? "more than " + SolutionCheck.Format(threshold) : "along significant negative curvature")})"
                    : $"the gradient fails the first-order test ({FirstOrderText(gf, basis, curvature, fx)}), and {how} reaches f = {SolutionCheck.Format(bestF)} where it passes";
                return new Verdict(Kind.Improvable, new SolutionCheck
                {
                    Performed = true,
                    Precision = dtype,
                    SmallestCurvature = smallest,
                    LargestCurvature = largest,
                    PolishDecrease = decrease,
                    Threshold = threshold,
                    Note = $"Not a minimizer: {why}; curvature in [{SolutionCheck.Format(smallest)}, {SolutionCheck.Format(largest)}] ({dtype}).",
                })
                {
                    BetterX = bestX,
                    BetterF = bestF,
                    Saddle = negative,
                    BetterPassesFirstOrder = ReferenceEquals(bestX, xc) && polishedFirstOrder,
                };
            }

            if (negative)
            {
                return new Verdict(Kind.Unverified, new SolutionCheck
                {
                    Performed = true,
                    Precision = dtype,
                    SmallestCurvature = smallest,
                    LargestCurvature = largest,
                    PolishDecrease = Math.Max(decrease, 0),
                    Threshold = threshold,
                    Note = $"Not a minimizer: the Hessian has significant negative curvature (curvature in [{SolutionCheck.Format(smallest)}, {SolutionCheck.Format(largest)}], {dtype}), and f does not fall measurably along it (a saddle or a flat region).",
                })
                { Saddle = true };
            }

            if (!firstOrder)
            {
                return new Verdict(Kind.Unverified, new SolutionCheck
                {
                    Performed = true,
                    Precision = dtype,
                    SmallestCurvature = smallest,
                    LargestCurvature = largest,
                    PolishDecrease = Math.Max(decrease, 0),
                    Threshold = threshold,
                    Note = $"Not verified: no trial step lowers f by more than {SolutionCheck.Format(threshold)}, but the gradient fails the first-order test ({FirstOrderText(gf, basis, curvature, fx)}) and the polish does not reach a point that passes it ({dtype}).",
                });
            }

            // A point where the method's own test failed is confirmed by a well-determined quadratic model (every
            // curvature above √ε times the largest), or on the dense route by the first-order test together with the
            // polish, whose long damped steps along the nearly singular directions found no material decrease. On the
            // Lanczos route a Newton step says nothing along nearly singular directions.
            bool modelAgrees = dense ? firstOrder : !(predicted > threshold) && smallest > tiny;
            return Verified(dtype, smallest, largest, Math.Max(decrease, 0), threshold,
                modelAgrees
                    ? $"curvature in [{SolutionCheck.Format(smallest)}, {SolutionCheck.Format(largest)}]"
                    : $"curvature in [{SolutionCheck.Format(smallest)}, {SolutionCheck.Format(largest)}], but the quadratic model (predicted decrease {SolutionCheck.Format(predicted)}) is too poorly determined to confirm a point the method's own test did not") with { ModelAgrees = modelAgrees };
        }
        finally
        {
            problem.Checking = false;
        }
    }

    /// <summary>
    /// The damped Newton polish of the dense route: up to <see cref="PolishSteps"/> Levenberg steps
    /// s = -(H + (max(0, -λmin) + ν) I)⁻¹ g on the free variables, ν raised tenfold from
    /// <see cref="PolishInitialDamping"/> times max(max|λ|, ‖g‖∞) until f falls, continuing while a step gains more than a
    /// tenth of the threshold, the point fails the first-order test, or the curvature is not well determined (nearly
    /// singular or negative: small gains there can be the start of a long descent). Directions of nearly zero curvature take long
    /// steps here (their denominator is the damping), which is what shows a point in a nearly flat valley is not a minimizer.
    /// </summary>
    private static (double[] X, double F, bool FirstOrder) Polish(MinimizationProblem problem, double[] x, double fx, DType dtype,
        double[] gf, bool[] free, int nf, double[][] basis, double[] curvature, double threshold, double evalEps,
        double[]? lower, double[]? upper)
    {
        int n = x.Length;
        var xc = x;
        double fc = fx;
        var gc = gf;
        var basisC = basis;
        var curvatureC = curvature;
        bool firstOrder = FirstOrderHolds(gc, basisC, curvatureC, xc, fc, evalEps);
        double lastGain = double.PositiveInfinity;
        for (int step = 0; step < PolishSteps; step++)
        {
            if (step > 0)
            {
                if (firstOrder && lastGain <= 0.1 * threshold && WellDetermined(curvatureC))
                {
                    break;
                }

                var gNew = new double[n];
                if (!problem.TryCheckGradient(xc, dtype, gNew, out _))
                {
                    firstOrder = false;
                    break;
                }

                for (int i = 0; i < n; i++)
                {
                    gNew[i] = free[i] ? gNew[i] : 0;
                }

                if (!Curvature(problem, xc, dtype, gNew, free, nf, out basisC, out curvatureC) || !curvatureC.All(double.IsFinite))
                {
                    firstOrder = false;
                    break;
                }

                gc = gNew;
                firstOrder = FirstOrderHolds(gc, basisC, curvatureC, xc, fc, evalEps);
                if (firstOrder && lastGain <= 0.1 * threshold && WellDetermined(curvatureC))
                {
                    break;
                }
            }

            double gInf = gc.Max(Math.Abs);
            double top = Math.Max(curvatureC.Max(Math.Abs), gInf);
            if (gInf == 0 || !double.IsFinite(top))
            {
                break;
            }

            var coefficients = new double[curvatureC.Length];
            for (int j = 0; j < coefficients.Length; j++)
            {
                coefficients[j] = Dot(basisC[j], gc);
            }

            double shift = Math.Max(0, -curvatureC.Min());
            double nu = PolishInitialDamping * top;
            double[]? accepted = null;
            double fAccepted = fc;
            for (int t = 0; t < PolishDampingIncreases && accepted is null; t++, nu *= 10)
            {
                var s = new double[n];
                for (int j = 0; j < coefficients.Length; j++)
                {
                    double denominator = curvatureC[j] + shift + nu;
                    if (denominator > 0)
                    {
                        Axpy(-coefficients[j] / denominator, basisC[j], s);
                    }
                }

                if (!s.Any(v => v != 0) || !s.All(double.IsFinite))
                {
                    continue;
                }

                var trial = Trial(xc, s, 1, lower, upper);
                double ft = problem.CheckValue(trial, dtype);
                if (double.IsFinite(ft) && ft < fc)
                {
                    accepted = trial;
                    fAccepted = ft;
                }
            }

            if (accepted is null)
            {
                break;
            }

            lastGain = fc - fAccepted;
            xc = accepted;
            fc = fAccepted;
        }

        return (xc, fc, firstOrder);
    }

    /// <summary>One damped Newton trial on the Lanczos route: μ from 0 up to the largest curvature until f falls.</summary>
    private static (double[] X, double F) NewtonTrial(MinimizationProblem problem, double[] x, double fx, DType dtype, double[] gf,
        double[][] basis, double[] curvature, double tiny, double[]? lower, double[]? upper)
    {
        int n = x.Length;
        double top = Math.Max(curvature.Max(Math.Abs), double.Epsilon);
        foreach (double damping in (ReadOnlySpan<double>)[0, 1e-8, 1e-6, 1e-4, 1e-2, 1])
        {
            double mu = damping * top;
            var step = new double[n];
            for (int j = 0; j < curvature.Length; j++)
            {
                double c = curvature[j] + mu;
                if (c > tiny)
                {
                    Axpy(-Dot(basis[j], gf) / c, basis[j], step);
                }
            }

            if (!step.Any(v => v != 0))
            {
                continue;
            }

            var trial = Trial(x, step, 1, lower, upper);
            double ft = problem.CheckValue(trial, dtype);
            if (ft < fx)
            {
                return (trial, ft);
            }
        }

        return (x, fx);
    }

    /// <summary>
    /// The first-order test at a point with free gradient <paramref name="g"/> and curvature pairs: the gradient is small
    /// when ‖g‖∞ ≤ max(<see cref="FirstOrderGradient"/>, √ε)·max(1, |f|) (ε of the evaluation dtype), or when the Newton
    /// decrement δ = ½ Σ (vⱼ·g)² / max(|λⱼ|, 1e-12·max|λ|) is at most <see cref="FirstOrderDecrement"/>·max(1, |f|), or at
    /// most ten times the decrement that rounding x to the evaluation dtype alone causes (½ Σᵢ (ε xᵢ)² |H|ᵢᵢ, with |H| the
    /// Hessian with its curvatures made positive).
    /// </summary>
    private static bool FirstOrderHolds(double[] g, double[][] basis, double[] curvature, double[] x, double f, double evalEps)
    {
        double scale = Math.Max(1, Math.Abs(f));
        double gInf = g.Length == 0 ? 0 : g.Max(Math.Abs);
        if (gInf <= Math.Max(FirstOrderGradient, Math.Sqrt(evalEps)) * scale)
        {
            return true;
        }

        double decrement = Decrement(g, basis, curvature);
        if (decrement <= FirstOrderDecrement * scale)
        {
            return true;
        }

        // The decrement that rounding x to the evaluation dtype alone causes: with independent errors δxᵢ of size ε|xᵢ|,
        // ½ E[δxᵀ|H|δx] = ½ Σᵢ ε²xᵢ² Σⱼ |λⱼ| vⱼᵢ².
        double roundingDecrement = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double diagonal = 0;
            for (int j = 0; j < curvature.Length; j++)
            {
                diagonal += Math.Abs(curvature[j]) * basis[j][i] * basis[j][i];
            }

            double dx = evalEps * Math.Abs(x[i]);
            roundingDecrement += 0.5 * diagonal * dx * dx;
        }

        return decrement <= 10 * roundingDecrement;
    }

    /// <summary>Whether every curvature is above √ε₆₄ times the largest: Newton steps then converge fast and a small gain means done.</summary>
    private static bool WellDetermined(double[] curvature) =>
        curvature.Length > 0 && curvature.Min() > Math.Sqrt(Precision<double>.MachineEpsilon) * curvature.Max(Math.Abs);

    private static double Decrement(double[] g, double[][] basis, double[] curvature)
    {
        double largest = curvature.Length == 0 ? 0 : curvature.Max(Math.Abs);
        double floor = 1e-12 * largest;
        double decrement = 0;
        for (int j = 0; j < curvature.Length; j++)
        {
            double c = Dot(basis[j], g);
            double lambda = Math.Max(Math.Abs(curvature[j]), floor);
            if (lambda > 0)
            {
                decrement += 0.5 * c * c / lambda;
            }
        }

        return decrement;
    }

    private static string FirstOrderText(double[] g, double[][] basis, double[] curvature, double f) =>
        $"‖g‖∞ = {SolutionCheck.Format(g.Length == 0 ? 0 : g.Max(Math.Abs))} and Newton decrement {SolutionCheck.Format(Decrement(g, basis, curvature))} at f = {SolutionCheck.Format(f)}";

    /// <summary>A run's check was not possible; the report says why.</summary>
    public static Verdict NotChecked(string why) => new(Kind.NotChecked, new SolutionCheck { Performed = false, Note = $"Not verified: {why}." });

    private static Verdict Verified(DType dtype, double smallest, double largest, double decrease, double threshold, string what) =>
        new(Kind.Verified, new SolutionCheck
        {
            Performed = true,
            Verified = true,
            Precision = dtype,
            SmallestCurvature = smallest,
            LargestCurvature = largest,
            PolishDecrease = decrease,
            Threshold = threshold,
            Note = $"Verified local minimizer ({dtype}): {what}; no trial step lowers f by more than {SolutionCheck.Format(threshold)} (best {SolutionCheck.Format(decrease)}).",
        });

    /// <summary>Variables not held at a bound: inside (beyond <see cref="BoundReach"/>), or on a bound with the gradient pointing inward.</summary>
    private static bool[] FreeMask(MinimizationProblem problem, double[] x, double[] g)
    {
        int n = x.Length;
        var free = new bool[n];
        for (int i = 0; i < n; i++)
        {
            double lo = problem.Lower?[i] ?? double.NegativeInfinity;
            double hi = problem.Upper?[i] ?? double.PositiveInfinity;
            // Within √ε (relative) of a bound counts as on it: interior-point methods (trust-constr) end a barrier's
            // width inside, where moving onto the bound gains at most |g| times that width.
            double lowReach = lo + BoundReach * Math.Max(1, Math.Abs(lo));
            double highReach = hi - BoundReach * Math.Max(1, Math.Abs(hi));
            bool held = lo == hi || (x[i] <= lowReach && g[i] >= 0) || (x[i] >= highReach && g[i] <= 0);
            free[i] = !held;
        }

        return free;
    }

    /// <summary>Eigenpairs of the free-variable Hessian (exact up to <see cref="DenseLimit"/> free variables, Lanczos beyond).</summary>
    private static bool Curvature(MinimizationProblem problem, double[] x, DType dtype, double[] gf, bool[] free, int nf,
        out double[][] basis, out double[] curvature)
    {
        int n = x.Length;
        var index = new int[nf];
        for (int i = 0, k = 0; i < n; i++)
        {
            if (free[i])
            {
                index[k++] = i;
            }
        }

        if (nf <= DenseLimit && n <= 4 * DenseLimit)
        {
            var h = new double[n * n];
            if (!problem.TryCheckHessian(x, dtype, h))
            {
                basis = [];
                curvature = [];
                return false;
            }

            var m = DenseMatrix.Create(nf, nf, (r, c) => 0.5 * (h[(index[r] * n) + index[c]] + h[(index[c] * n) + index[r]]));
            var evd = m.Evd(Symmetricity.Symmetric);
            curvature = [.. evd.EigenValues.Select(e => e.Real)];
            basis = new double[nf][];
            for (int j = 0; j < nf; j++)
            {
                var col = new double[n];
                for (int r = 0; r < nf; r++)
                {
                    col[index[r]] = evd.EigenVectors[r, j];
                }

                basis[j] = col;
            }

            return true;
        }

        return Lanczos(problem, x, dtype, gf, free, Math.Min(nf, n <= 100_000 ? 20 : 5), out basis, out curvature);
    }

    /// <summary>Lanczos with full reorthogonalization on the free-variable Hessian, started from the free gradient.</summary>
    private static bool Lanczos(MinimizationProblem problem, double[] x, DType dtype, double[] gf, bool[] free, int steps,
        out double[][] basis, out double[] curvature)
    {
        int n = x.Length;
        var q = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        var start = Dot(gf, gf) > 0 ? (double[])gf.Clone() : RandomDirection(n, free);
        Scale(start, 1 / Math.Sqrt(Dot(start, start)));
        q.Add(start);
        var w = new double[n];
        for (int k = 0; k < steps; k++)
        {
            if (!problem.TryCheckHessianVectorProduct(x, q[k], dtype, w))
            {
                basis = [];
                curvature = [];
                return false;
            }

            for (int i = 0; i < n; i++)
            {
                w[i] = free[i] ? w[i] : 0;
            }

            double a = Dot(q[k], w);
            alpha.Add(a);
            var r = (double[])w.Clone();
            foreach (var qi in q)
            {
                Axpy(-Dot(qi, r), qi, r);
            }

            foreach (var qi in q)
            {
                Axpy(-Dot(qi, r), qi, r);
            }

            double b = Math.Sqrt(Dot(r, r));
            if (k == steps - 1 || !(b > 1e-12 * Math.Max(Math.Abs(a), 1e-300)))
            {
                break;
            }

            beta.Add(b);
            Scale(r, 1 / b);
            q.Add(r);
        }

        int m = alpha.Count;
        var t = DenseMatrix.Create(m, m, (i, j) => i == j ? alpha[i] : Math.Abs(i - j) == 1 ? beta[Math.Min(i, j)] : 0);
        var evd = t.Evd(Symmetricity.Symmetric);
        curvature = [.. evd.EigenValues.Select(e => e.Real)];
        basis = new double[m][];
        for (int j = 0; j < m; j++)
        {
            var v = new double[n];
            for (int k = 0; k < m; k++)
            {
                Axpy(evd.EigenVectors[k, j], q[k], v);
            }

            basis[j] = v;
        }

        return true;
    }

    private static double[] Trial(double[] x, double[] direction, double scale, double[]? lower, double[]? upper)
    {
        var t = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i] + (scale * direction[i]);
            t[i] = lower is null || upper is null ? v : Math.Clamp(v, lower[i], upper[i]);
        }

        return t;
    }

    private static double[] RandomDirection(int n, bool[] free)
    {
        var random = new Random(20_261_201);
        var v = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            v[i] = free[i] ? random.NextDouble() - 0.5 : 0;
            norm += v[i] * v[i];
        }

        Scale(v, norm > 0 ? 1 / Math.Sqrt(norm) : 0);
        return v;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static void Scale(double[] x, double a)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= a;
        }
    }
}
