namespace Adjoint.Calculus;

/// <summary>Brent's method for a zero of a continuous function on a bracketing interval.</summary>
/// <remarks>
/// Inverse quadratic interpolation or the secant step when it stays inside the bracket and shrinks it fast enough,
/// bisection otherwise; stops when the bracket is narrower than 2 tol with tol = 2 eps |b| + xtol / 2.
/// <para>References: R. P. Brent (1973), Algorithms for Minimization without Derivatives, chapter 4; Forsythe, Malcolm
/// and Moler (1977), Computer Methods for Mathematical Computations, zeroin.</para>
/// </remarks>
internal static class OdeRootFinder
{
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>A zero of <paramref name="f"/> between a and b, where f(a) and f(b) differ in sign or one is zero.</summary>
    public static double FindRoot(Func<double, double> f, double a, double b, double fa, double fb, double xtol)
    {
        if (fa == 0)
        {
            return a;
        }

        if (fb == 0)
        {
            return b;
        }

        double c = a, fc = fa, d = b - a, e = d;
        for (int iteration = 0; iteration < 200; iteration++)
        {
            if ((fb > 0) == (fc > 0))
            {
                c = a;
                fc = fa;
                d = b - a;
                e = d;
            }

            if (Math.Abs(fc) < Math.Abs(fb))
            {
                a = b;
                b = c;
                c = a;
                fa = fb;
                fb = fc;
                fc = fa;
            }

            double tol = (2 * double.Epsilon) + (2 * MachineEpsilon * Math.Abs(b)) + (0.5 * xtol);
            double m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol || fb == 0)
            {
                return b;
            }

            if (Math.Abs(e) >= tol && Math.Abs(fa) > Math.Abs(fb))
            {
                double s = fb / fa, p, q;
                if (a == c)
                {
                    p = 2 * m * s;
                    q = 1 - s;
                }
                else
                {
                    double qa = fa / fc, r = fb / fc;
                    p = s * ((2 * m * qa * (qa - r)) - ((b - a) * (r - 1)));
                    q = (qa - 1) * (r - 1) * (s - 1);
                }

                if (p > 0)
                {
                    q = -q;
                }
                else
                {
                    p = -p;
                }

                if (2 * p < Math.Min((3 * m * q) - Math.Abs(tol * q), Math.Abs(e * q)))
                {
                    e = d;
                    d = p / q;
                }
                else
                {
                    d = m;
                    e = m;
                }
            }
            else
            {
                d = m;
                e = m;
            }

            a = b;
            fa = fb;
            b += Math.Abs(d) > tol ? d : (m > 0 ? tol : -tol);
            fb = f(b);
        }

        return b;
    }
}
