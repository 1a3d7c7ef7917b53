namespace Adjoint.Calculus;

/// <summary>
/// The continuous solution of an initial value problem (scipy's <c>OdeSolution</c>): the piecewise interpolant made of
/// each step's dense output, RK45's quartic, DOP853's seventh-degree polynomial or Radau's collocation cubic.
/// </summary>
/// <remarks>Values outside the integrated span extrapolate the first or last step's polynomial, as scipy does.</remarks>
public sealed class OdeDenseOutput
{
    private readonly DenseSegment[] _segments;
    private readonly double[] _ends;
    private readonly int _n;
    private readonly bool _forward;

    internal OdeDenseOutput(List<DenseSegment> segments, int n, bool forward)
    {
        _segments = [.. segments];
        _n = n;
        _forward = forward;
        _ends = new double[_segments.Length];
        for (int i = 0; i < _ends.Length; i++)
        {
            _ends[i] = forward ? _segments[i].T1 : -_segments[i].T1;
        }
    }

    /// <summary>The times at which the steps start and end (scipy <c>ts</c>).</summary>
    public double[] Ts => _segments.Length == 0 ? [] : [_segments[0].T0, .. _segments.Select(s => s.T1)];

    /// <summary>The interpolated state at <paramref name="t"/>.</summary>
    /// <param name="t">A time, ideally inside the integrated span.</param>
    /// <returns>The n components.</returns>
    public double[] Evaluate(double t)
    {
        var y = new double[_n];
        if (_segments.Length == 0)
        {
            throw new InvalidOperationException("The solution has no steps to interpolate.");
        }

        double key = _forward ? t : -t;
        int i = Array.BinarySearch(_ends, key);
        if (i < 0)
        {
            i = ~i;
        }

        i = Math.Clamp(i, 0, _segments.Length - 1);
        _segments[i].Evaluate(t, y);
        return y;
    }

    /// <summary>The interpolated states at several times, one row per time.</summary>
    /// <param name="times">The times.</param>
    /// <returns>An array of shape [times.Length, n].</returns>
    public double[,] Evaluate(IReadOnlyList<double> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        var result = new double[times.Count, _n];
        for (int k = 0; k < times.Count; k++)
        {
            var y = Evaluate(times[k]);
            for (int i = 0; i < _n; i++)
            {
                result[k, i] = y[i];
            }
        }

        return result;
    }
}
