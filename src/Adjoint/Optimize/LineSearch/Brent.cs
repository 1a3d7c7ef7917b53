namespace Adjoint.Optimize.LineSearch;

/// <summary>
/// Derivative-free minimization of a function of one variable: bracketing by golden-ratio expansion with parabolic
/// extrapolation, Brent's method inside a bracket, and Brent's method on a fixed interval (scipy's <c>bracket</c>,
/// <c>brent</c> and <c>fminbound</c>).
/// </summary>
/// <remarks>
/// <para>Brent's method keeps the best point x, the second best w and the previous w as v, and tries the parabola through
/// them; it falls back to a golden-section step into the larger part of the bracket when the parabolic step is not
/// acceptable (outside the bracket, or not less than half the step before last). Convergence:
/// |x - m| ≤ 2 tol₁ - (b - a)/2 with tol₁ = tol·|x| + 10⁻¹¹ (bracketed) or √ε·|x| + xatol/3 (bounded), m the midpoint.</para>
/// <para>References: R. P. Brent (1973), "Algorithms for Minimization without Derivatives", Prentice-Hall, Chapter 5;
/// Press et al., "Numerical Recipes", Section 10.3 (mnbrak, brent).</para>
/// </remarks>
internal static class Brent
{
    private const double Golden = 1.618034;
    private const double GoldenSection = 0.3819660112501051; // (3 - √5)/2
    private const double GrowLimit = 110;
    private const double MinTol = 1e-11;

    /// <summary>Brackets a minimum starting from (0, f0) and (1, f(1)), then runs Brent's method; returns (α, f(α)).</summary>
    public static (double X, double F) Minimize(Func<double, double> f, double f0, double tol, int maxIterations = 500)
    {
        var (xa, xb, xc, _, fb, _) = Bracket(f, 0, 1, f0);
        return MinimizeBracketed(f, xa, xb, xc, fb, tol, maxIterations);
    }

    /// <summary>Finds xa, xb, xc with f(xb) ≤ f(xa) and f(xb) ≤ f(xc), searching downhill from xa and xb.</summary>
    public static (double Xa, double Xb, double Xc, double Fa, double Fb, double Fc) Bracket(Func<double, double> f, double xa, double xb, double fa, int maxIterations = 1000)
    {
        double fb = f(xb);
        if (fa < fb)
        {
            (xa, xb) = (xb, xa);
            (fa, fb) = (fb, fa);
        }

        double xc = xb + (Golden * (xb - xa));
        double fc = f(xc);
        int iter = 0;
        while (fc < fb)
        {
            // Parabolic extrapolation through the three points, limited to GrowLimit times the last interval.
            double r = (xb - xa) * (fb - fc);
            double q = (xb - xc) * (fb - fa);
            double val = q - r;
            double denom = Math.Abs(val) < 1e-21 ? 2e-21 : 2 * val;
            double w = xb - ((((xb - xc) * q) - ((xb - xa) * r)) / denom);
            double wlim = xb + (GrowLimit * (xc - xb));
            if (++iter > maxIterations)
            {
                break;
            }

            double fw;
            if ((w - xc) * (xb - w) > 0)
            {
                // Parabolic minimum between xb and xc.
                fw = f(w);
                if (fw < fc)
                {
                    return (xb, w, xc, fb, fw, fc);
                }

                if (fw > fb)
                {
                    return (xa, xb, w, fa, fb, fw);
                }

                w = xc + (Golden * (xc - xb));
                fw = f(w);
            }
            else if ((w - wlim) * (wlim - xc) >= 0)
            {
                w = wlim;
                fw = f(w);
            }
            else if ((w - wlim) * (xc - w) > 0)
            {
                fw = f(w);
                if (fw < fc)
                {
                    xb = xc;
                    xc = w;
                    w = xc + (Golden * (xc - xb));
                    fb = fc;
                    fc = fw;
                    fw = f(w);
                }
            }
            else
            {
                w = xc + (Golden * (xc - xb));
                fw = f(w);
            }

            xa = xb;
            xb = xc;
            xc = w;
            fa = fb;
            fb = fc;
            fc = fw;
        }

        return (xa, xb, xc, fa, fb, fc);
    }

    /// <summary>Brent's method inside the bracket (xa, xb, xc) with f(xb) = fb the lowest; returns (x, f(x)).</summary>
    public static (double X, double F) MinimizeBracketed(Func<double, double> f, double xa, double xb, double xc, double fb, double tol, int maxIterations)
    {
        double a = Math.Min(xa, xc), b = Math.Max(xa, xc);
        double x = xb, w = xb, v = xb;
        double fx = fb, fw = fb, fv = fb;
        double e = 0, step = 0;
        for (int iter = 0; iter < maxIterations; iter++)
        {
            double tol1 = (tol * Math.Abs(x)) + MinTol;
            double tol2 = 2 * tol1;
            double mid = 0.5 * (a + b);
            if (Math.Abs(x - mid) < tol2 - (0.5 * (b - a)))
            {
                break;
            }

            bool golden = true;
            if (Math.Abs(e) > tol1)
            {
                // Parabola through x, w, v.
                double r = (x - w) * (fx - fv);
                double q = (x - v) * (fx - fw);
                double p = ((x - v) * q) - ((x - w) * r);
                q = 2 * (q - r);
                if (q > 0)
                {
                    p = -p;
                }

                q = Math.Abs(q);
                double eOld = e;
                e = step;
                if (p > q * (a - x) && p < q * (b - x) && Math.Abs(p) < Math.Abs(0.5 * q * eOld))
                {
                    step = p / q;
                    double u0 = x + step;
                    if (u0 - a < tol2 || b - u0 < tol2)
                    {
                        step = mid - x >= 0 ? tol1 : -tol1;
                    }

                    golden = false;
                }
            }

            if (golden)
            {
                e = x >= mid ? a - x : b - x;
                step = GoldenSection * e;
            }

            double u = Math.Abs(step) >= tol1 ? x + step : x + (step >= 0 ? tol1 : -tol1);
            double fu = f(u);
            if (fu > fx)
            {
                if (u < x)
                {
                    a = u;
                }
                else
                {
                    b = u;
                }

                if (fu <= fw || w == x)
                {
                    v = w;
                    fv = fw;
                    w = u;
                    fw = fu;
                }
                else if (fu <= fv || v == x || v == w)
                {
                    v = u;
                    fv = fu;
                }
            }
            else
            {
                if (u >= x)
                {
                    a = x;
                }
                else
                {
                    b = x;
                }

                v = w;
                fv = fw;
                w = x;
                fw = fx;
                x = u;
                fx = fu;
            }
        }

        return (x, fx);
    }

    /// <summary>Brent's method on the interval [lo, hi] (endpoints never evaluated), to absolute accuracy about xatol; returns (x, f(x)).</summary>
    public static (double X, double F) MinimizeBounded(Func<double, double> f, double lo, double hi, double xatol, int maxEvaluations = 500)
    {
        double sqrtEps = Math.Sqrt(2.2e-16);
        double a = lo, b = hi;
        double fulc = a + (GoldenSection * (b - a));
        double nfc = fulc, xf = fulc;
        double rat = 0, e = 0;
        double fx = f(xf);
        int num = 1;
        double ffulc = fx, fnfc = fx;
        double xm = 0.5 * (a + b);
        double tol1 = (sqrtEps * Math.Abs(xf)) + (xatol / 3);
        double tol2 = 2 * tol1;
        while (Math.Abs(xf - xm) > tol2 - (0.5 * (b - a)) && num < maxEvaluations)
        {
            bool golden = true;
            if (Math.Abs(e) > tol1)
            {
                double r = (xf - nfc) * (fx - ffulc);
                double q = (xf - fulc) * (fx - fnfc);
                double p = ((xf - fulc) * q) - ((xf - nfc) * r);
                q = 2 * (q - r);
                if (q > 0)
                {
                    p = -p;
                }

                q = Math.Abs(q);
                double eOld = e;
                e = rat;
                if (Math.Abs(p) < Math.Abs(0.5 * q * eOld) && p > q * (a - xf) && p < q * (b - xf))
                {
                    rat = p / q;
                    double x0 = xf + rat;
                    if (x0 - a < tol2 || b - x0 < tol2)
                    {
                        rat = xm - xf >= 0 ? tol1 : -tol1;
                    }

                    golden = false;
                }
            }

            if (golden)
            {
                e = xf >= xm ? a - xf : b - xf;
                rat = GoldenSection * e;
            }

            double x = xf + ((rat >= 0 ? 1 : -1) * Math.Max(Math.Abs(rat), tol1));
            double fu = f(x);
            num++;
            if (fu <= fx)
            {
                if (x >= xf)
                {
                    a = xf;
                }
                else
                {
                    b = xf;
                }

                fulc = nfc;
                ffulc = fnfc;
                nfc = xf;
                fnfc = fx;
                xf = x;
                fx = fu;
            }
            else
            {
                if (x < xf)
                {
                    a = x;
                }
                else
                {
                    b = x;
                }

                if (fu <= fnfc || nfc == xf)
                {
                    fulc = nfc;
                    ffulc = fnfc;
                    nfc = x;
                    fnfc = fu;
                }
                else if (fu <= ffulc || fulc == xf || fulc == nfc)
                {
                    fulc = x;
                    ffulc = fu;
                }
            }

            xm = 0.5 * (a + b);
            tol1 = (sqrtEps * Math.Abs(xf)) + (xatol / 3);
            tol2 = 2 * tol1;
        }

        return (xf, fx);
    }
}
