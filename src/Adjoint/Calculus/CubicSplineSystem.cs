using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Calculus;

/// <summary>
/// The slopes of a cubic spline at its knots as an affine map of the data: s = S y + s0, with S (n x n) and s0
/// (n) depending only on x and the end conditions. The equations are scipy's <c>CubicSpline</c> system row for
/// row (the tridiagonal interior rows, the not-a-knot and derivative end rows, the cyclic rows of the periodic
/// case, and scipy's special cases for two and three points); it is solved once, densely, with Math.NET, so that
/// applying it to y is one matrix product whose derivatives are exact at every order.
/// </summary>
internal static class CubicSplineSystem
{
    public static (double[,] Map, double[] Offset) Slopes(double[] x, SplineBoundary start, SplineBoundary end)
    {
        int n = x.Length;
        var dx = new double[n - 1];
        for (int i = 0; i < n - 1; i++)
        {
            dx[i] = x[i + 1] - x[i];
        }

        var a = new double[n, n];
        var r = new double[n, n];
        var b = new double[n];

        // coefficient * slope[j] on the right-hand side of row `row`.
        void AddSlope(int row, int j, double coefficient)
        {
            r[row, j + 1] += coefficient / dx[j];
            r[row, j] -= coefficient / dx[j];
        }

        if (n == 2)
        {
            // scipy: not-a-knot or periodic with two points is the straight line (slope at both ends).
            if (start.Kind != SplineBoundaryKind.Derivative)
            {
                start = new SplineBoundary(SplineBoundaryKind.Derivative, 1, double.NaN);
            }

            if (end.Kind != SplineBoundaryKind.Derivative)
            {
                end = new SplineBoundary(SplineBoundaryKind.Derivative, 1, double.NaN);
            }
        }

        if (n == 3 && start.Kind == SplineBoundaryKind.NotAKnot && end.Kind == SplineBoundaryKind.NotAKnot)
        {
            // scipy: the parabola through the three points.
            a[0, 0] = 1;
            a[0, 1] = 1;
            a[1, 0] = dx[1];
            a[1, 1] = 2 * (dx[0] + dx[1]);
            a[1, 2] = dx[0];
            a[2, 1] = 1;
            a[2, 2] = 1;
            AddSlope(0, 0, 2);
            AddSlope(1, 1, 3 * dx[0]);
            AddSlope(1, 0, 3 * dx[1]);
            AddSlope(2, 1, 2);
            return Solve(a, r, b);
        }

        for (int i = 1; i < n - 1; i++)
        {
            a[i, i - 1] = dx[i];
            a[i, i] = 2 * (dx[i - 1] + dx[i]);
            a[i, i + 1] = dx[i - 1];
            AddSlope(i, i - 1, 3 * dx[i]);
            AddSlope(i, i, 3 * dx[i - 1]);
        }

        if (start.Kind == SplineBoundaryKind.Periodic)
        {
            // Unknowns s[0..n-2] with s[n-1] = s[0]; row 0 is the interior equation wrapped around.
            a[0, n - 2] += dx[0];
            a[0, 0] += 2 * (dx[n - 2] + dx[0]);
            a[0, 1] += dx[n - 2];
            AddSlope(0, n - 2, 3 * dx[0]);
            AddSlope(0, 0, 3 * dx[n - 2]);
            for (int j = 0; j < n; j++)
            {
                a[n - 2, j] = 0;
                r[n - 2, j] = 0;
            }

            // Row n-2 again as an interior row, with s[n-1] replaced by s[0].
            int i = n - 2;
            a[i, i - 1] += dx[i];
            a[i, i] += 2 * (dx[i - 1] + dx[i]);
            a[i, 0] += dx[i - 1];
            AddSlope(i, i - 1, 3 * dx[i]);
            AddSlope(i, i, 3 * dx[i - 1]);
            a[n - 1, n - 1] = 1;
            a[n - 1, 0] = -1;
            return Solve(a, r, b);
        }

        StartRow(start, x, dx, a, b, AddSlope);
        EndRow(end, x, dx, a, b, AddSlope);
        return Solve(a, r, b);
    }

    private static void StartRow(SplineBoundary bc, double[] x, double[] dx, double[,] a, double[] b, Action<int, int, double> addSlope)
    {
        if (bc.Kind == SplineBoundaryKind.NotAKnot)
        {
            double d = x[2] - x[0];
            a[0, 0] = dx[1];
            a[0, 1] = d;
            addSlope(0, 0, (dx[0] + (2 * d)) * dx[1] / d);
            addSlope(0, 1, dx[0] * dx[0] / d);
        }
        else if (bc.Order == 1)
        {
            a[0, 0] = 1;
            if (double.IsNaN(bc.Value))
            {
                addSlope(0, 0, 1);
            }
            else
            {
                b[0] = bc.Value;
            }
        }
        else
        {
            a[0, 0] = 2 * dx[0];
            a[0, 1] = dx[0];
            b[0] = -0.5 * bc.Value * dx[0] * dx[0];
            addSlope(0, 0, 3 * dx[0]);
        }
    }

    private static void EndRow(SplineBoundary bc, double[] x, double[] dx, double[,] a, double[] b, Action<int, int, double> addSlope)
    {
        int n = x.Length, last = n - 1, m = n - 2;
        if (bc.Kind == SplineBoundaryKind.NotAKnot)
        {
            double d = x[n - 1] - x[n - 3];
            a[last, last] = dx[m - 1];
            a[last, last - 1] = d;
            addSlope(last, m - 1, dx[m] * dx[m] / d);
            addSlope(last, m, ((2 * d) + dx[m]) * dx[m - 1] / d);
        }
        else if (bc.Order == 1)
        {
            a[last, last] = 1;
            if (double.IsNaN(bc.Value))
            {
                addSlope(last, 0, 1);
            }
            else
            {
                b[last] = bc.Value;
            }
        }
        else
        {
            a[last, last] = 2 * dx[m];
            a[last, last - 1] = dx[m];
            b[last] = 0.5 * bc.Value * dx[m] * dx[m];
            addSlope(last, m, 3 * dx[m]);
        }
    }

    private static (double[,] Map, double[] Offset) Solve(double[,] a, double[,] r, double[] b)
    {
        var lu = Matrix<double>.Build.DenseOfArray(a).LU();
        var map = lu.Solve(Matrix<double>.Build.DenseOfArray(r)).ToArray();
        var offset = lu.Solve(Vector<double>.Build.DenseOfArray(b)).ToArray();
        return (map, offset);
    }
}
