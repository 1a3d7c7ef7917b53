using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Calculus;

/// <summary>
/// The interpolating B-spline of degree 1, 2, 3 or 5 that scipy's <c>interp1d</c> builds for kinds 'slinear',
/// 'quadratic' and 'cubic', and <c>RegularGridInterpolator</c> for its spline methods (<c>make_interp_spline</c> with
/// its default knots), expressed as a linear map from the data y to
/// power-basis coefficients: coefficients = K y, with K ((k + 1) m, n) depending only on x.
/// </summary>
/// <remarks>
/// Knots: for odd k scipy's not-a-knot vector (k + 1 copies of x0, x[(k+1)/2 .. n-(k+1)/2), k + 1 copies of xn;
/// for k = 1 that is [x0, x, xn]); for k = 2 the midpoints of
/// x without the first and last, with x0 and xn repeated three times. The collocation matrix B[i, j] = B_j(x[i])
/// is inverted once with Math.NET, and each B-spline's polynomial on each knot interval is built exactly by the
/// Cox-de Boor recursion in the local variable s = t - t_l.
/// </remarks>
internal static class InterpolationSplineMap
{
    public static (double[] Breakpoints, double[,] Map) Build(double[] x, int k)
    {
        int n = x.Length;
        double[] t = Knots(x, k);

        // The knot intervals that are not empty, l = k..n-1.
        var pieces = new List<int>();
        for (int l = k; l < n; l++)
        {
            if (t[l] < t[l + 1])
            {
                pieces.Add(l);
            }
        }

        var breakpoints = new double[pieces.Count + 1];
        for (int p = 0; p < pieces.Count; p++)
        {
            breakpoints[p] = t[pieces[p]];
        }

        breakpoints[^1] = t[pieces[^1] + 1];

        // Collocation.
        var b = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            int l = pieces[0];
            foreach (int cand in pieces)
            {
                if (t[cand] <= x[i])
                {
                    l = cand;
                }
            }

            var polys = LocalPolynomials(t, k, l);
            double s = x[i] - t[l];
            for (int j = 0; j <= k; j++)
            {
                b[i, l - k + j] = Horner(polys[j], s);
            }
        }

        var inverse = Matrix<double>.Build.DenseOfArray(b).Inverse();
        int m = pieces.Count;
        var map = new double[(k + 1) * m, n];
        for (int p = 0; p < m; p++)
        {
            int l = pieces[p];
            var polys = LocalPolynomials(t, k, l);
            for (int power = 0; power <= k; power++)
            {
                int row = ((k - power) * m) + p;
                for (int col = 0; col < n; col++)
                {
                    double sum = 0;
                    for (int j = 0; j <= k; j++)
                    {
                        sum += polys[j][power] * inverse[l - k + j, col];
                    }

                    map[row, col] = sum;
                }
            }
        }

        return (breakpoints, map);
    }

    private static double[] Knots(double[] x, int k)
    {
        int n = x.Length;
        var t = new List<double>();
        for (int i = 0; i <= k; i++)
        {
            t.Add(x[0]);
        }

        if (k == 2)
        {
            for (int i = 1; i < n - 2; i++)
            {
                t.Add((x[i] + x[i + 1]) / 2.0);
            }
        }
        else
        {
            int half = (k - 1) / 2;
            for (int i = half + 1; i < n - half - 1; i++)
            {
                t.Add(x[i]);
            }
        }

        for (int i = 0; i <= k; i++)
        {
            t.Add(x[n - 1]);
        }

        return [.. t];
    }

    /// <summary>The polynomials (ascending powers of s = t - t[l]) of B_{l-k}, ..., B_l on [t[l], t[l+1]).</summary>
    private static double[][] LocalPolynomials(double[] t, int k, int l)
    {
        // Degree 0: only B_l is nonzero, equal to 1.
        var current = new double[][] { new double[k + 1] };
        current[0][0] = 1;
        for (int p = 1; p <= k; p++)
        {
            // current holds B_{l-p+1..l, p-1}; build B_{l-p..l, p}.
            var next = new double[p + 1][];
            for (int a = 0; a <= p; a++)
            {
                int i = l - p + a;
                var poly = new double[k + 1];
                double[]? lower = a >= 1 ? current[a - 1] : null; // B_{i, p-1}
                double[]? upper = a < p ? current[a] : null;      // B_{i+1, p-1}
                double den1 = t[i + p] - t[i];
                if (lower is not null && den1 != 0)
                {
                    // (s + t_l - t_i) / den1 * lower
                    double shift = t[l] - t[i];
                    for (int q = k; q >= 0; q--)
                    {
                        double v = shift * lower[q];
                        if (q > 0)
                        {
                            v += lower[q - 1];
                        }

                        poly[q] += v / den1;
                    }
                }

                double den2 = t[i + p + 1] - t[i + 1];
                if (upper is not null && den2 != 0)
                {
                    // (t_{i+p+1} - t_l - s) / den2 * upper
                    double shift = t[i + p + 1] - t[l];
                    for (int q = k; q >= 0; q--)
                    {
                        double v = shift * upper[q];
                        if (q > 0)
                        {
                            v -= upper[q - 1];
                        }

                        poly[q] += v / den2;
                    }
                }

                next[a] = poly;
            }

            current = next;
        }

        return current;
    }

    private static double Horner(double[] ascending, double s)
    {
        double v = 0;
        for (int q = ascending.Length - 1; q >= 0; q--)
        {
            v = (v * s) + ascending[q];
        }

        return v;
    }
}
