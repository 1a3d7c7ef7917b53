using System.Globalization;

namespace Adjoint.Calculus;

/// <summary>
/// QUADPACK's globally adaptive Gauss-Kronrod integration with extrapolation: qags (finite range, 21-point rule),
/// qagi (infinite range, transformed 15-point rule) and qagp (user breakpoints), written on float64 panels.
/// </summary>
/// <remarks>
/// <para>Symbols against QUADPACK's: <c>lower/upper/area/error</c> = alist/blist/rlist/elist, <c>order</c> = iord
/// (positions of intervals by decreasing error), <c>nrmax</c> = the position of the interval bisected next,
/// <c>total</c> = area, <c>errorSum</c> = errsum, <c>largeError</c> = erlarg (error over the intervals that are still
/// "large"), <c>levelLimit</c> = levmax (qagp) and the halving <c>small</c> of qags expressed as a bisection depth.</para>
/// <para>Each step bisects the interval with the largest error and evaluates both halves in one panel call. When the
/// interval to bisect next is already small (deep), the large intervals are bisected first until their errors fall
/// below the tolerance, then the current total enters Wynn's epsilon table (<see cref="EpsilonExtrapolation"/>).
/// Roundoff is flagged when bisection stops changing the estimates (ten times, or twenty times with growing
/// error), an interval cannot be halved in floating point, or extrapolation stalls; a final test flags divergence
/// when the extrapolated and summed totals disagree by more than a factor 100.</para>
/// <para>References: Piessens, de Doncker-Kapenga, Überhuber &amp; Kahaner (1983), QUADPACK: A Subroutine Package
/// for Automatic Integration, Springer, sections 2.2 and 3 (qags, qagi, qagp); de Doncker (1978), An adaptive
/// extrapolation algorithm for automatic integration, SIGNUM Newsletter 13(2).</para>
/// </remarks>
internal sealed class AdaptiveQuadrature
{
    private readonly PanelFunction _f;
    private readonly IntegrationRange _range;
    private readonly GaussKronrodRule _rule;
    private readonly double _epsilon;
    private readonly double _underflow;
    private double[] _points = [];
    private double[] _values = [];
    private double[] _folded = [];
    private double _nonFiniteAt = double.NaN;

    public AdaptiveQuadrature(PanelFunction f, IntegrationRange range, double epsilon, double underflow)
    {
        _f = f;
        _range = range;
        _rule = range.IsInfinite ? GaussKronrodRule.K15 : GaussKronrodRule.K21;
        _epsilon = epsilon;
        _underflow = underflow;
    }

    /// <summary>Integrand points evaluated so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>The rule used on each interval.</summary>
    public GaussKronrodRule Rule => _rule;

    /// <summary>Runs the integrator.</summary>
    /// <param name="absoluteTolerance">epsabs.</param>
    /// <param name="relativeTolerance">epsrel.</param>
    /// <param name="limit">The most intervals.</param>
    /// <param name="breakpoints">Interior breakpoints in increasing order (finite ranges only), or null.</param>
    public AdaptiveOutcome Run(double absoluteTolerance, double relativeTolerance, int limit, double[]? breakpoints)
    {
        bool withBreakpoints = breakpoints is { Length: > 0 };
        int segments = withBreakpoints ? breakpoints!.Length + 1 : 1;
        int capacity = Math.Max(limit, segments);
        var lower = new double[capacity];
        var upper = new double[capacity];
        var area = new double[capacity];
        var error = new double[capacity];
        var level = new int[capacity];
        var order = new int[capacity];
        var estimates = new IntervalEstimate[Math.Max(segments, 2)];

        for (int i = 0; i < segments; i++)
        {
            lower[i] = i == 0 ? _range.Lower : breakpoints![i - 1];
            upper[i] = i == segments - 1 ? _range.Upper : breakpoints![i];
            order[i] = i;
        }

        if (!TryEstimate(lower.AsSpan(0, segments), upper.AsSpan(0, segments), estimates))
        {
            return NonFinite(lower, upper, segments);
        }

        // First approximation.
        double result = 0, abserr = 0, absIntegral = 0;
        var unreliable = new bool[segments];
        for (int i = 0; i < segments; i++)
        {
            var e = estimates[i];
            area[i] = e.Value;
            error[i] = e.Error;
            result += e.Value;
            abserr += e.Error;
            absIntegral += e.AbsoluteIntegral;
            unreliable[i] = e.Error == e.Deviation && e.Error != 0;
        }

        double errorSum = 0;
        for (int i = 0; i < segments; i++)
        {
            if (withBreakpoints && unreliable[i])
            {
                error[i] = abserr;
            }

            errorSum += error[i];
        }

        int code = 0;
        double errorBound = Math.Max(absoluteTolerance, relativeTolerance * Math.Abs(result));
        if (abserr <= 100 * _epsilon * absIntegral && abserr > errorBound)
        {
            code = 2;
        }

        if (withBreakpoints)
        {
            SortByError(order, error, segments);
            if (limit < segments + 1)
            {
                code = 1;
            }

            if (code != 0 || abserr <= errorBound)
            {
                return Outcome(result, abserr, area, lower, upper, segments, code, limit, errorBound, double.NaN);
            }
        }
        else
        {
            if (limit == 1)
            {
                code = 1;
            }

            if (code != 0 || (abserr <= errorBound && abserr != estimates[0].Deviation) || abserr == 0)
            {
                return Outcome(result, abserr, area, lower, upper, 1, code, limit, errorBound, double.NaN);
            }
        }

        var table = new EpsilonExtrapolation(_epsilon);
        table.Add(result);
        int maxErr = order[0];
        double errMax = error[maxErr];
        double total = result;
        int nrmax = 0, ktmin = 0, roundoff1 = 0, roundoff2 = 0, roundoff3 = 0;
        bool extrapolating = false, noExtrapolation = false, extrapolationRoundoff = false;
        bool positive = Math.Abs(result) >= (1 - (50 * _epsilon)) * absIntegral;
        double largeError = errorSum, errorTest = errorBound, correction = 0;
        int levelLimit = withBreakpoints ? 1 : 2;
        abserr = double.MaxValue;
        int last = segments;
        double failurePoint = double.NaN;
        bool sumPartition = false;
        Span<double> lo = stackalloc double[2];
        Span<double> hi = stackalloc double[2];

        for (last = segments + 1; last <= limit; last++)
        {
            int fresh = last - 1;
            int depth = level[maxErr] + 1;
            double a1 = lower[maxErr], b1 = 0.5 * (lower[maxErr] + upper[maxErr]), a2 = b1, b2 = upper[maxErr];
            double lastMaxError = errMax;
            lo[0] = a1;
            hi[0] = b1;
            lo[1] = a2;
            hi[1] = b2;
            if (!TryEstimate(lo, hi, estimates))
            {
                return NonFinite(lower, upper, last - 1);
            }

            var left = estimates[0];
            var right = estimates[1];
            double area12 = left.Value + right.Value, error12 = left.Error + right.Error;
            errorSum += error12 - errMax;
            total += area12 - area[maxErr];
            if (left.Deviation != left.Error && right.Deviation != right.Error)
            {
                if (Math.Abs(area[maxErr] - area12) <= 1e-5 * Math.Abs(area12) && error12 >= 0.99 * errMax)
                {
                    if (extrapolating)
                    {
                        roundoff2++;
                    }
                    else
                    {
                        roundoff1++;
                    }
                }

                if (last > 10 && error12 > errMax)
                {
                    roundoff3++;
                }
            }

            level[maxErr] = depth;
            level[fresh] = depth;
            area[maxErr] = left.Value;
            area[fresh] = right.Value;
            errorBound = Math.Max(absoluteTolerance, relativeTolerance * Math.Abs(total));
            if (roundoff1 + roundoff2 >= 10 || roundoff3 >= 20)
            {
                code = 2;
            }

            if (roundoff2 >= 5)
            {
                extrapolationRoundoff = true;
            }

            if (last == limit)
            {
                code = 1;
            }

            if (Math.Max(Math.Abs(a1), Math.Abs(b2)) <= (1 + (100 * _epsilon)) * (Math.Abs(a2) + (1000 * _underflow)))
            {
                code = 4;
                failurePoint = a2;
            }

            // The half with the larger error keeps the bisected interval's slot.
            if (right.Error > left.Error)
            {
                lower[maxErr] = a2;
                lower[fresh] = a1;
                upper[fresh] = b1;
                area[maxErr] = right.Value;
                area[fresh] = left.Value;
                error[maxErr] = right.Error;
                error[fresh] = left.Error;
            }
            else
            {
                lower[fresh] = a2;
                upper[maxErr] = b1;
                upper[fresh] = b2;
                error[maxErr] = left.Error;
                error[fresh] = right.Error;
            }

            Reorder(limit, last, order, error, ref maxErr, ref errMax, ref nrmax);
            if (errorSum <= errorBound)
            {
                sumPartition = true;
                break;
            }

            if (code != 0)
            {
                break;
            }

            if (!withBreakpoints && last == 2)
            {
                largeError = errorSum;
                errorTest = errorBound;
                table.Add(total);
                continue;
            }

            if (noExtrapolation)
            {
                continue;
            }

            largeError -= lastMaxError;
            if (depth < levelLimit)
            {
                largeError += error12;
            }

            if (!extrapolating)
            {
                // Extrapolate only once the interval to bisect next is small.
                if (level[maxErr] < levelLimit)
                {
                    continue;
                }

                extrapolating = true;
                nrmax = 1;
            }

            if (!extrapolationRoundoff && largeError > errorTest)
            {
                // Bisect the large intervals first, in order of decreasing error.
                int bottom = last > 2 + (limit / 2) ? limit + 3 - last : last;
                bool largeFound = false;
                for (int k = nrmax; k < bottom; k++)
                {
                    maxErr = order[nrmax];
                    errMax = error[maxErr];
                    if (level[maxErr] < levelLimit)
                    {
                        largeFound = true;
                        break;
                    }

                    nrmax++;
                }

                if (largeFound)
                {
                    continue;
                }
            }

            table.Add(total);
            if (!withBreakpoints || table.Count > 2)
            {
                var (extrapolated, extrapolationError) = table.Extrapolate();
                ktmin++;
                if (ktmin > 5 && abserr < 1e-3 * errorSum)
                {
                    code = 5;
                }

                if (extrapolationError < abserr)
                {
                    ktmin = 0;
                    abserr = extrapolationError;
                    result = extrapolated;
                    correction = largeError;
                    errorTest = Math.Max(absoluteTolerance, relativeTolerance * Math.Abs(extrapolated));
                    if (withBreakpoints ? abserr < errorTest : abserr <= errorTest)
                    {
                        break;
                    }
                }

                if (table.Count == 1)
                {
                    noExtrapolation = true;
                }

                if (code == 5)
                {
                    break;
                }
            }

            // Start again from the interval with the largest error, one level deeper.
            maxErr = order[0];
            errMax = error[maxErr];
            nrmax = 0;
            extrapolating = false;
            levelLimit++;
            largeError = errorSum;
        }

        int count = Math.Min(last, limit);
        if (!sumPartition)
        {
            sumPartition = abserr == double.MaxValue;
            if (!sumPartition && (code != 0 || extrapolationRoundoff))
            {
                if (extrapolationRoundoff)
                {
                    abserr += correction;
                }

                if (code == 0)
                {
                    code = 3;
                }

                bool skipDivergenceTest = false;
                if (result != 0 && total != 0)
                {
                    sumPartition = abserr / Math.Abs(result) > errorSum / Math.Abs(total);
                }
                else if (abserr > errorSum)
                {
                    sumPartition = true;
                }
                else if (total == 0)
                {
                    skipDivergenceTest = true;
                }

                if (!sumPartition && !skipDivergenceTest)
                {
                    code = DivergenceTest(code, result, total, errorSum, absIntegral, positive);
                }
            }
            else if (!sumPartition)
            {
                code = DivergenceTest(code, result, total, errorSum, absIntegral, positive);
            }
        }

        if (sumPartition)
        {
            result = Sum(area, count);
            abserr = errorSum;
        }

        if (code > 2)
        {
            code--;
        }

        return Outcome(result, abserr, area, lower, upper, count, code, limit, errorBound, failurePoint);
    }

    private static int DivergenceTest(int code, double result, double total, double errorSum, double absIntegral, bool positive)
    {
        if (!positive && Math.Max(Math.Abs(result), Math.Abs(total)) <= absIntegral * 0.01)
        {
            return code;
        }

        double ratio = result / total;
        return 0.01 > ratio || ratio > 100 || errorSum > Math.Abs(total) ? 6 : code;
    }

    private static double Sum(double[] values, int count)
    {
        double s = 0;
        for (int i = 0; i < count; i++)
        {
            s += values[i];
        }

        return s;
    }

    /// <summary>Orders the first intervals by decreasing error (a stable selection sort, ties to the later index).</summary>
    private static void SortByError(int[] order, double[] error, int count)
    {
        for (int i = 0; i < count - 1; i++)
        {
            int best = i, bestIndex = order[i];
            for (int j = i + 1; j < count; j++)
            {
                if (error[bestIndex] <= error[order[j]])
                {
                    bestIndex = order[j];
                    best = j;
                }
            }

            if (best != i)
            {
                order[best] = order[i];
                order[i] = bestIndex;
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="order"/> sorted by decreasing error after the interval at position
    /// <paramref name="nrmax"/> was bisected: its larger half stays in its slot, the smaller is the newest
    /// interval. Only the top <c>limit + 3 - last</c> positions are kept once more than half the limit is used,
    /// since no more intervals than that can still be bisected (QUADPACK qpsrt).
    /// </summary>
    private static void Reorder(int limit, int last, int[] order, double[] error, ref int maxErr, ref double errMax, ref int nrmax)
    {
        if (last <= 2)
        {
            order[0] = 0;
            order[1] = 1;
        }
        else
        {
            double larger = error[maxErr];
            if (nrmax > 0)
            {
                // In extrapolation mode the bisected interval may now outrank intervals above it.
                int steps = nrmax;
                for (int i = 0; i < steps; i++)
                {
                    int above = order[nrmax - 1];
                    if (larger <= error[above])
                    {
                        break;
                    }

                    order[nrmax] = above;
                    nrmax--;
                }
            }

            int bottom = last > (limit / 2) + 2 ? limit + 3 - last : last;
            double smaller = error[last - 1];
            int insertAt = -1;
            for (int i = nrmax + 1; i <= bottom - 2; i++)
            {
                int candidate = order[i];
                if (larger >= error[candidate])
                {
                    insertAt = i;
                    break;
                }

                order[i - 1] = candidate;
            }

            if (insertAt < 0)
            {
                order[bottom - 2] = maxErr;
                order[bottom - 1] = last - 1;
            }
            else
            {
                order[insertAt - 1] = maxErr;
                int k = bottom - 2;
                bool placed = false;
                for (int j = insertAt; j <= bottom - 2; j++)
                {
                    int candidate = order[k];
                    if (smaller < error[candidate])
                    {
                        order[k + 1] = last - 1;
                        placed = true;
                        break;
                    }

                    order[k + 1] = candidate;
                    k--;
                }

                if (!placed)
                {
                    order[insertAt] = last - 1;
                }
            }
        }

        maxErr = order[nrmax];
        errMax = error[maxErr];
    }

    /// <summary>Evaluates the rule on each interval with one integrand call; false when a value is not finite.</summary>
    private bool TryEstimate(ReadOnlySpan<double> lo, ReadOnlySpan<double> hi, Span<IntervalEstimate> output)
    {
        int nodes = _rule.Count, per = _range.PointsPerNode, count = lo.Length;
        int total = count * nodes * per;
        if (_points.Length < total)
        {
            _points = new double[total];
            _values = new double[total];
            _folded = new double[count * nodes];
        }

        var rulePoints = _folded;
        for (int i = 0; i < count; i++)
        {
            double center = 0.5 * (lo[i] + hi[i]), half = 0.5 * (hi[i] - lo[i]);
            for (int k = 0; k < nodes; k++)
            {
                int node = (i * nodes) + k;
                double t = center + (half * _rule.Nodes[k]);
                _range.Map(t, _points.AsSpan(node * per, per));
                rulePoints[node] = t;
            }
        }

        var points = _points.AsSpan(0, total);
        var values = _values.AsSpan(0, total);
        _f(points, values);
        Evaluations += total;
        for (int j = 0; j < total; j++)
        {
            if (!double.IsFinite(values[j]))
            {
                _nonFiniteAt = points[j];
                return false;
            }
        }

        Span<double> nodeValues = stackalloc double[nodes];
        for (int i = 0; i < count; i++)
        {
            double half = 0.5 * (hi[i] - lo[i]);
            for (int k = 0; k < nodes; k++)
            {
                int node = (i * nodes) + k;
                double v = values[node * per];
                if (per == 2)
                {
                    v += values[(node * per) + 1];
                }

                nodeValues[k] = _range.IsInfinite ? v / rulePoints[node] / rulePoints[node] : v;
            }

            output[i] = _rule.Estimate(nodeValues, half, _epsilon, _underflow);
        }

        return true;
    }

    private AdaptiveOutcome NonFinite(double[] lower, double[] upper, int count)
    {
        string message = string.Create(CultureInfo.InvariantCulture, $"non-finite integrand value at x = {_nonFiniteAt:R}");
        return new AdaptiveOutcome(double.NaN, double.PositiveInfinity, double.NaN, lower[..count], upper[..count],
            Evaluations, QuadStatus.NonFiniteValue, message);
    }

    private AdaptiveOutcome Outcome(double result, double abserr, double[] area, double[] lower, double[] upper, int count,
        int code, int limit, double tolerance, double failurePoint)
    {
        var status = code switch
        {
            0 => QuadStatus.Converged,
            1 => QuadStatus.MaxSubdivisions,
            2 => QuadStatus.Roundoff,
            3 => QuadStatus.BadIntegrandBehavior,
            4 => QuadStatus.ExtrapolationRoundoff,
            _ => QuadStatus.Divergent,
        };
        var c = CultureInfo.InvariantCulture;
        string message = status switch
        {
            QuadStatus.Converged => string.Create(c, $"converged: error estimate {abserr:G3} within the tolerance {tolerance:G3}"),
            QuadStatus.MaxSubdivisions => string.Create(c, $"maximum subdivisions ({limit}) reached; error estimate {abserr:G3} exceeds the tolerance {tolerance:G3} (raise Limit, or give Points where the integrand is difficult)"),
            QuadStatus.Roundoff => string.Create(c, $"roundoff detected: the tolerance {tolerance:G3} cannot be achieved; the error estimate {abserr:G3} may be too small"),
            QuadStatus.BadIntegrandBehavior => string.Create(c, $"extremely bad integrand behaviour: an interval near x = {_range.PointAt(failurePoint):R} can no longer be bisected"),
            QuadStatus.ExtrapolationRoundoff => string.Create(c, $"roundoff detected in the extrapolation table: the tolerance {tolerance:G3} cannot be achieved; the result is the best obtainable"),
            _ => string.Create(c, $"divergent: the integral is probably divergent or converges too slowly (extrapolated {result:G6}, error estimate {abserr:G3})"),
        };
        return new AdaptiveOutcome(result, abserr, Sum(area, count), lower[..count], upper[..count], Evaluations, status, message);
    }
}
