namespace Adjoint.Optimize.LineSearch;

// Symbols (Nocedal & Wright, Algorithms 3.5 and 3.6): α_{i-1}, α_i the last two trials of the bracketing stage;
// α_lo and α_hi the ends of the zoom interval (α_lo: the lowest φ among the trials with sufficient decrease, and
// φ'(α_lo)(α_hi - α_lo) < 0); α_rec the end point that left the interval last, the third point of the cubic interpolant;
// c1 the sufficient-decrease constant, c2 the curvature constant.

/// <summary>
/// The bracketing-and-zoom line search of Nocedal and Wright (Algorithms 3.5 and 3.6): finds a step satisfying the strong
/// Wolfe conditions φ(α) ≤ φ(0) + c1 α φ'(0) and |φ'(α)| ≤ c2 |φ'(0)|, optionally subject to an extra acceptance test.
/// </summary>
/// <remarks>
/// <para>Bracketing stage: starting from the initial trial, the step doubles (up to the maximum step) until a trial
/// violates sufficient decrease, does not decrease φ below the previous trial, or has φ'(α) ≥ 0; the interval between that
/// trial and the previous one then contains acceptable steps and is handed to the zoom stage. A trial satisfying the strong
/// Wolfe conditions (and the extra test) ends the search at once.</para>
/// <para>Zoom stage: the next trial minimizes the cubic through (α_lo, φ(α_lo), φ'(α_lo)), (α_hi, φ(α_hi)) and
/// (α_rec, φ(α_rec)); if that minimizer is undefined or lies within 20% of the interval's width from an end (or outside),
/// the quadratic through (α_lo, φ(α_lo), φ'(α_lo)) and (α_hi, φ(α_hi)) is used; if that lies within 10% of an end, the
/// interval is bisected. The first zoom trial skips the cubic. The trial replaces α_hi when it violates sufficient decrease
/// or does not improve on φ(α_lo); otherwise it is returned when it satisfies the curvature condition and the extra test,
/// and else becomes α_lo (with α_hi moved to the old α_lo when φ' points away from α_hi).</para>
/// <para>This is the search scipy's <c>line_search_wolfe2</c> implements, and it takes the same trial steps as scipy's with
/// two exceptions. Scipy measures the 20% and 10% margins with the signed width α_hi - α_lo, so when α_hi &lt; α_lo (after
/// the bracketing stage stops on φ'(α) ≥ 0, or after the interval's ends swap) its margins turn negative and admit
/// trials up to 20% of the width outside the interval (scipy issue 13695). Here the margins are dropped in that case but
/// trials must lie inside the interval: the trial sequence is scipy's whenever scipy's trial lies inside, which is the
/// common case, and a trial outside the interval, or at a negative step, is never evaluated. Second, a non-finite φ or
/// φ' counts as a violation of sufficient decrease, so the search backs off from regions where the objective overflows. When the bracketing stage runs out of doublings with φ still decreasing,
/// the last trial with sufficient decrease is returned with <see cref="LineSearchStatus.ExpansionLimit"/> (scipy accepts
/// the last trial there).</para>
/// <para>The extra acceptance test (<see cref="StepAcceptance"/>) is asked only about steps satisfying the strong Wolfe
/// conditions; nonlinear conjugate gradient uses it to require that the next direction be a sufficient descent direction.</para>
/// <para>References: Nocedal &amp; Wright (2006), Algorithms 3.5 and 3.6 and Section 3.5 (interpolation).</para>
/// </remarks>
public sealed class StrongWolfeZoom : ILineSearch
{
    /// <summary>Creates the search.</summary>
    /// <param name="c1">Sufficient-decrease constant (scipy <c>c1</c>, default 1e-4).</param>
    /// <param name="c2">Curvature constant (scipy <c>c2</c>, default 0.9; CG uses 0.4).</param>
    /// <param name="maxExpansions">How many times the bracketing stage may double the step (scipy <c>maxiter</c>, 10).</param>
    /// <param name="maxZoomTrials">How many trials the zoom stage may evaluate (11 in scipy, whose zoom stops after its tenth repetition).</param>
    /// <exception cref="ArgumentOutOfRangeException">0 &lt; c1 &lt; c2 &lt; 1 does not hold, or a limit is below 1.</exception>
    public StrongWolfeZoom(double c1 = 1e-4, double c2 = 0.9, int maxExpansions = 10, int maxZoomTrials = 11)
    {
        if (!(c1 > 0 && c1 < c2 && c2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(c1), $"StrongWolfeZoom needs 0 < c1 < c2 < 1; got c1={c1}, c2={c2}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxExpansions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxZoomTrials, 1);
        C1 = c1;
        C2 = c2;
        MaxExpansions = maxExpansions;
        MaxZoomTrials = maxZoomTrials;
    }

    /// <summary>Sufficient-decrease constant c1.</summary>
    public double C1 { get; }

    /// <summary>Curvature constant c2.</summary>
    public double C2 { get; }

    /// <summary>How many times the bracketing stage may double the step.</summary>
    public int MaxExpansions { get; }

    /// <summary>How many trials the zoom stage may evaluate.</summary>
    public int MaxZoomTrials { get; }

    /// <inheritdoc/>
    public LineSearchResult Search(ILineFunction phi, double phi0, double dphi0, double initialStep, double maxStep = double.PositiveInfinity) =>
        Search(phi, phi0, dphi0, initialStep, maxStep, null);

    /// <summary>Finds a step along φ satisfying the strong Wolfe conditions and <paramref name="accept"/>.</summary>
    /// <param name="phi">The restriction.</param>
    /// <param name="phi0">φ(0).</param>
    /// <param name="dphi0">φ'(0), negative for a descent direction.</param>
    /// <param name="initialStep">The first trial step.</param>
    /// <param name="maxStep">The largest allowed step.</param>
    /// <param name="accept">An extra test for steps that satisfy the strong Wolfe conditions, or null for none.</param>
    /// <returns>
    /// <see cref="LineSearchStatus.Converged"/> with the accepted step; <see cref="LineSearchStatus.MaxStep"/> when the
    /// maximum step has sufficient decrease and φ' &lt; 0 there; <see cref="LineSearchStatus.ExpansionLimit"/> when the
    /// doublings ran out with φ still decreasing; otherwise a failure status with the best step that satisfies sufficient
    /// decrease (0 when there is none).
    /// </returns>
    public LineSearchResult Search(ILineFunction phi, double phi0, double dphi0, double initialStep, double maxStep, StepAcceptance? accept)
    {
        ArgumentNullException.ThrowIfNull(phi);
        if (!(dphi0 < 0))
        {
            return new LineSearchResult(0, phi0, dphi0, 0, LineSearchStatus.NotDescent);
        }

        double step = Math.Min(initialStep, maxStep);
        if (!(step > 0))
        {
            return new LineSearchResult(0, phi0, dphi0, 0, LineSearchStatus.IntervalTooSmall);
        }

        double curvatureBound = -C2 * dphi0;
        double previous = 0, fPrevious = phi0, dPrevious = dphi0;
        int evaluations = 0;
        for (int i = 0; ; i++)
        {
            double f = phi.Evaluate(step, out double d);
            evaluations++;
            bool finite = double.IsFinite(f) && double.IsFinite(d);
            bool last = i == MaxExpansions;
            if (!finite || f > phi0 + (C1 * step * dphi0) || (i > 0 && f >= fPrevious))
            {
                return last
                    ? new LineSearchResult(previous, fPrevious, dPrevious, evaluations, LineSearchStatus.ExpansionLimit)
                    : Zoom(phi, phi0, dphi0, previous, fPrevious, dPrevious, step, finite ? f : double.PositiveInfinity, accept, evaluations);
            }

            if (Math.Abs(d) <= curvatureBound && (accept is null || accept(step, f, d)))
            {
                return new LineSearchResult(step, f, d, evaluations, LineSearchStatus.Converged);
            }

            if (last)
            {
                return new LineSearchResult(step, f, d, evaluations, LineSearchStatus.ExpansionLimit);
            }

            if (d >= 0)
            {
                return Zoom(phi, phi0, dphi0, step, f, d, previous, fPrevious, accept, evaluations);
            }

            if (step >= maxStep)
            {
                return new LineSearchResult(step, f, d, evaluations, LineSearchStatus.MaxStep);
            }

            previous = step;
            fPrevious = f;
            dPrevious = d;
            step = Math.Min(2 * step, maxStep);
        }
    }

    /// <summary>Algorithm 3.6: shrinks [α_lo, α_hi] (either order) until a trial satisfies the strong Wolfe conditions and the extra test.</summary>
    private LineSearchResult Zoom(ILineFunction phi, double phi0, double dphi0, double lo, double fLo, double dLo, double hi, double fHi,
        StepAcceptance? accept, int evaluations)
    {
        double curvatureBound = -C2 * dphi0;
        double rec = 0, fRec = phi0;
        for (int trial = 0; trial < MaxZoomTrials; trial++)
        {
            // The interpolants' minimizers must keep 20% (cubic) or 10% (quadratic) of the width from both ends when
            // α_lo < α_hi; when α_hi < α_lo they need only lie inside the interval (see the remarks).
            double left = Math.Min(lo, hi), right = Math.Max(lo, hi), width = hi > lo ? hi - lo : 0;
            double a = double.NaN;
            if (trial > 0)
            {
                a = CubicMinimizer(lo, fLo, dLo, hi, fHi, rec, fRec);
                if (!Inside(a, left, right, 0.2 * width))
                {
                    a = double.NaN;
                }
            }

            if (double.IsNaN(a))
            {
                a = QuadraticMinimizer(lo, fLo, dLo, hi, fHi);
                if (!Inside(a, left, right, 0.1 * width))
                {
                    a = lo + (0.5 * (hi - lo));
                }
            }

            if (a == lo || a == hi)
            {
                // The interval has shrunk to adjacent floating-point numbers.
                return new LineSearchResult(lo, fLo, dLo, evaluations, LineSearchStatus.IntervalTooSmall);
            }

            double f = phi.Evaluate(a, out double d);
            evaluations++;
            if (!(double.IsFinite(f) && double.IsFinite(d)) || f > phi0 + (C1 * a * dphi0) || f >= fLo)
            {
                rec = hi;
                fRec = fHi;
                hi = a;
                fHi = double.IsFinite(f) && double.IsFinite(d) ? f : double.PositiveInfinity;
                continue;
            }

            if (Math.Abs(d) <= curvatureBound && (accept is null || accept(a, f, d)))
            {
                return new LineSearchResult(a, f, d, evaluations, LineSearchStatus.Converged);
            }

            if (d * (hi - lo) >= 0)
            {
                rec = hi;
                fRec = fHi;
                hi = lo;
                fHi = fLo;
            }
            else
            {
                rec = lo;
                fRec = fLo;
            }

            lo = a;
            fLo = f;
            dLo = d;
        }

        return new LineSearchResult(lo, fLo, dLo, evaluations, LineSearchStatus.MaxEvaluations);
    }

    /// <summary>Whether <paramref name="a"/> lies strictly inside (left, right) and at least <paramref name="margin"/> from both ends.</summary>
    private static bool Inside(double a, double left, double right, double margin) =>
        a > left && a < right && a >= left + margin && a <= right - margin;

    /// <summary>
    /// The minimizer of the cubic c(α) with c(a) = fa, c'(a) = da, c(b) = fb, c(r) = fr, or NaN when it has none
    /// (coincident points, a vanishing leading coefficient, no real stationary point, or overflow).
    /// </summary>
    internal static double CubicMinimizer(double a, double fa, double da, double b, double fb, double r, double fr)
    {
        // c(a + t) = A t³ + B t² + da t + fa; the conditions at t = tb and t = tr give a 2×2 system for A and B.
        double tb = b - a, tr = r - a;
        double eb = fb - fa - (da * tb), er = fr - fa - (da * tr);
        double det = tb * tb * tr * tr * (tb - tr);
        if (det == 0 || !double.IsFinite(det))
        {
            return double.NaN;
        }

        double cubic = ((tr * tr * eb) - (tb * tb * er)) / det;
        double quadratic = ((tb * tb * tb * er) - (tr * tr * tr * eb)) / det;
        double discriminant = (quadratic * quadratic) - (3 * cubic * da);
        if (cubic == 0 || !(discriminant >= 0) || !double.IsFinite(cubic) || !double.IsFinite(discriminant))
        {
            return double.NaN;
        }

        // c'(t) = 3A t² + 2B t + da vanishes at t = (-B ± √(B² - 3A da)) / (3A); the + root has c''(t) = 2√(...) ≥ 0.
        double t = (-quadratic + Math.Sqrt(discriminant)) / (3 * cubic);
        double x = a + t;
        return double.IsFinite(x) ? x : double.NaN;
    }

    /// <summary>The stationary point of the quadratic q(α) with q(a) = fa, q'(a) = da, q(b) = fb, or NaN when it has none.</summary>
    internal static double QuadraticMinimizer(double a, double fa, double da, double b, double fb)
    {
        double tb = b - a;
        double curvature = (fb - fa - (da * tb)) / (tb * tb);
        if (curvature == 0 || !double.IsFinite(curvature))
        {
            return double.NaN;
        }

        double x = a - (da / (2 * curvature));
        return double.IsFinite(x) ? x : double.NaN;
    }
}
