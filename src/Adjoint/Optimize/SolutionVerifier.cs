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

    /// <summary>Negative curvature below this fraction of the largest curvature is significant (a saddle candidate).</summary>
    public const double SaddleCurvatureRatio = 1e-4;

    /// <summary>The fraction of the progress made that a step along significant negative curvature must gain to mark a saddle.</summary>
    public const double SaddleProgressFraction = 1e-6;

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

        /// <summary>Whether the improvement came from negative curvature with a small gradient (a saddle).</summary>
        public bool Saddle { get; init; }

    }

    /// <summary>Checks the point <paramref name="x"/> (objective <paramref name="f"/>) reached from a start with objective <paramref name="f0"/>.</summary>
    public static Verdict Check(MinimizationProblem problem, double[] x, double f, double f0, bool atStart)
    {
        int n = problem.Dimension;
        double evalEps = problem.MachineEpsilon;
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
            bool viaCurvature = false;

            // Damped Newton steps (H + mu I), mu raised until f falls, for up to three iterations while they keep
            // gaining (one iteration on the Lanczos route).
            int iterations = basis.Length > 0 && basis.Length == nf && nf <= DenseLimit ? 3 : 1;

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

            var xc = x;
            double fc = fx;
            var gc = gf;
            var basisC = basis;
            var curvatureC = curvature;
            for (int iteration = 0; iteration < iterations; iteration++)
            {
                if (iteration > 0)
                {
                    var gNew = new double[n];
                    if (!problem.TryCheckGradient(xc, dtype, gNew, out _))
                    {
                        break;
                    }

                    for (int i = 0; i < n; i++)
                    {
                        gNew[i] = free[i] ? gNew[i] : 0;
                    }

                    if (!Curvature(problem, xc, dtype, gNew, free, nf, out basisC, out curvatureC))
                    {
                        break;
                    }

                    gc = gNew;
                }

                double top = Math.Max(curvatureC.Max(Math.Abs), double.Epsilon);
                double[]? accepted = null;
                double fAccepted = fc;
                foreach (double damping in (ReadOnlySpan<double>)[0, 1e-8, 1e-6, 1e-4, 1e-2, 1])
                {
                    double mu = damping * top;
                    var step = new double[n];
                    for (int j = 0; j < curvatureC.Length; j++)
                    {
                        double c = curvatureC[j] + mu;
                        if (c > tiny)
                        {
                            Axpy(-Dot(basisC[j], gc) / c, basisC[j], step);
                        }
                    }

                    if (!step.Any(v => v != 0))
                    {
                        continue;
                    }

                    var trial = Trial(xc, step, 1, lower, upper);
                    double ft = problem.CheckValue(trial, dtype);
                    if (ft < fc)
                    {
                        accepted = trial;
                        fAccepted = ft;
                        break;
                    }
                }

                if (accepted is null)
                {
                    break;
                }

                double gained = fc - fAccepted;
                xc = accepted;
                fc = fAccepted;
                if (fx - fc > threshold || gained <= 0.1 * threshold)
                {
                    break;
                }
            }

            if (fc < bestF)
            {
                bestF = fc;
                bestX = xc;
            }

            // Downhill along the gradient's part in directions of (nearly) zero curvature, where Newton steps cannot
            // move: a point in a curved valley whose floor still slopes is not a minimizer.
            string how = "a Newton step";
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
                        viaCurvature = true;
                        how = "a step along negative curvature";
                    }
                }
            }

            double decrease = fx - bestF;
            // Significant negative curvature (below -1e-4 of the largest) along which f really falls (by more than
            // 1e-6 of the progress) marks a saddle even when the immediate gain is small; the run escapes it.
            bool saddle = viaCurvature && smallest < -SaddleCurvatureRatio * largest
                && decrease > (SaddleProgressFraction * progress) + rounding;
            if (bestX is not null && (decrease > threshold || saddle))
            {
                return new Verdict(Kind.Improvable, new SolutionCheck
                {
                    Performed = true,
                    Precision = dtype,
                    SmallestCurvature = smallest,
                    LargestCurvature = largest,
                    PolishDecrease = decrease,
                    Threshold = threshold,
                    Note = $"Not a minimizer: {how} lowers f from {SolutionCheck.Format(fx)} to {SolutionCheck.Format(bestF)} (by {SolutionCheck.Format(decrease)}, more than {SolutionCheck.Format(threshold)}); curvature in [{SolutionCheck.Format(smallest)}, {SolutionCheck.Format(largest)}] ({dtype}).",
                })
                { BetterX = bestX, BetterF = bestF, Saddle = viaCurvature && smallest < -SaddleCurvatureRatio * largest };
            }

            // Only a well-determined quadratic model (every curvature above √ε times the largest) confirms a point
            // where the method's own test failed: along nearly singular directions a Newton step says nothing.
            bool modelAgrees = !(predicted > threshold) && smallest > tiny;
            return Verified(dtype, smallest, largest, Math.Max(decrease, 0), threshold,
                modelAgrees
                    ? $"curvature in [{SolutionCheck.Format(smallest)}, {SolutionCheck.Format(largest)}]"
                    : $"curvature in [{SolutionCheck.Format(smallest)}, {SolutionCheck.Format(largest)}], but the quadratic model (predicted decrease {SolutionCheck.Format(predicted)}) is too poorly determined to confirm a point the method's own test did not") with { ModelAgrees = modelAgrees };
        }
        catch (StopSignal signal)
        {
            return NotChecked($"the check was interrupted ({signal.Reason})");
        }
    }

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

    /// <summary>Variables not held at a bound: strictly inside, or on a bound with the gradient pointing inward.</summary>
    private static bool[] FreeMask(MinimizationProblem problem, double[] x, double[] g)
    {
        int n = x.Length;
        var free = new bool[n];
        for (int i = 0; i < n; i++)
        {
            double lo = problem.Lower?[i] ?? double.NegativeInfinity;
            double hi = problem.Upper?[i] ?? double.PositiveInfinity;
            bool held = lo == hi || (x[i] <= lo && g[i] >= 0) || (x[i] >= hi && g[i] <= 0);
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
