namespace Adjoint.Optimize.Methods.Tnc;

// Symbols (Nash 1985, Section 4; Nash & Nocedal 1991): D = diag(diagb) the diagonal Hessian estimate, (s_k, y_k) the last
// step and gradient change, (s_r, y_r) their sums since the last reset, M⁻¹ = the inverse-Hessian approximation obtained by
// one or two self-scaled BFGS updates of D⁻¹, E the diagonal of the corresponding direct BFGS approximation (emat).

/// <summary>
/// The preconditioner of Nash's truncated Newton method: a two-step limited-memory BFGS inverse built on a diagonal
/// estimate of the Hessian, and the update of that diagonal from BFGS and from the CG iterations.
/// </summary>
/// <remarks>
/// <para>Applying M⁻¹ to r: start from h = D⁻¹r; unless the memory was reset, apply the BFGS inverse update with (s_r, y_r);
/// then with (s_k, y_k). At the first iteration (or after a rescale) M⁻¹ = D⁻¹. The diagonal E starts as the diagonal of
/// the BFGS update of D with the same pairs, and every inner CG step adds the rank-two diagonal correction
/// -r_i²/(vᵀr) + (Hv)_i²/(vᵀHv), entries at most 1e-6 being reset to 1; E becomes D at the next iteration.</para>
/// <para>References: S. G. Nash (1985), "Preconditioning of truncated-Newton methods", SIAM J. Sci. Stat. Comput. 6(3);
/// S. G. Nash (1984), "Newton-type minimization via the Lanczos method", SIAM J. Numer. Anal. 21(4).</para>
/// </remarks>
internal sealed class TncPreconditioner(int n)
{
    private readonly double[] _hg = new double[n];
    private readonly double[] _hyk = new double[n];
    private readonly double[] _hyr = new double[n];
    private readonly double[] _bs = new double[n];

    /// <summary>D, the diagonal Hessian estimate.</summary>
    public double[] Diagonal { get; } = Ones(n);

    /// <summary>E, the diagonal being built during this iteration's CG.</summary>
    public double[] Working { get; } = new double[n];

    public double[] Sk { get; } = new double[n];

    public double[] Yk { get; } = new double[n];

    public double[] Sr { get; } = new double[n];

    public double[] Yr { get; } = new double[n];

    public double YkSk { get; set; }

    public double YrSr { get; set; }

    /// <summary>No pair yet (first iteration or after a rescale): M = D.</summary>
    public bool DiagonalOnly { get; set; } = true;

    /// <summary>The memory was reset: only (s_k, y_k) is used.</summary>
    public bool Reset { get; set; }

    /// <summary>Sets D = I and forgets the pairs.</summary>
    public void Restart()
    {
        Array.Fill(Diagonal, 1.0);
        DiagonalOnly = true;
    }

    /// <summary>Initializes E from D and the pairs, for the coming CG iterations.</summary>
    public void Begin()
    {
        var d = Diagonal;
        var e = Working;
        if (DiagonalOnly)
        {
            Array.Copy(d, e, n);
            return;
        }

        if (Reset)
        {
            double sds = 0;
            for (int i = 0; i < n; i++)
            {
                sds += Sk[i] * d[i] * Sk[i];
            }

            double yksk = YkSk == 0 ? 1 : YkSk;
            sds = sds == 0 ? 1 : sds;
            for (int i = 0; i < n; i++)
            {
                e[i] = d[i] - (d[i] * d[i] * Sk[i] * Sk[i] / sds) + (Yk[i] * Yk[i] / yksk);
            }

            return;
        }

        // Two updates: first with (s_r, y_r), then with (s_k, y_k); bs = B₁ s_k with B₁ the once-updated matrix.
        double srDsr = 0, skDsr = 0, yrSk = 0;
        for (int i = 0; i < n; i++)
        {
            srDsr += Sr[i] * d[i] * Sr[i];
            skDsr += Sk[i] * d[i] * Sr[i];
            yrSk += Yr[i] * Sk[i];
        }

        double yrsr = YrSr == 0 ? 1 : YrSr;
        srDsr = srDsr == 0 ? 1 : srDsr;
        for (int i = 0; i < n; i++)
        {
            _bs[i] = (d[i] * Sk[i]) - (d[i] * Sr[i] * skDsr / srDsr) + (Yr[i] * yrSk / yrsr);
            e[i] = d[i] - (d[i] * d[i] * Sr[i] * Sr[i] / srDsr) + (Yr[i] * Yr[i] / yrsr);
        }

        double skBsk = 0;
        for (int i = 0; i < n; i++)
        {
            skBsk += Sk[i] * _bs[i];
        }

        double ykskSafe = YkSk == 0 ? 1 : YkSk;
        skBsk = skBsk == 0 ? 1 : skBsk;
        for (int i = 0; i < n; i++)
        {
            e[i] += -(_bs[i] * _bs[i] / skBsk) + (Yk[i] * Yk[i] / ykskSafe);
        }
    }

    /// <summary>The diagonal correction from one CG step (v the direction, hv = Hv, r the residual before the step).</summary>
    public void Update(double[] v, double[] hv, double[] r)
    {
        double vr = 0, vhv = 0;
        for (int i = 0; i < n; i++)
        {
            vr += v[i] * r[i];
            vhv += v[i] * hv[i];
        }

        for (int i = 0; i < n; i++)
        {
            double e = Working[i] - (r[i] * r[i] / vr) + (hv[i] * hv[i] / vhv);
            Working[i] = e <= 1e-6 || !double.IsFinite(e) ? 1 : e;
        }
    }

    /// <summary>Makes E the diagonal for the next iteration.</summary>
    public void End() => Array.Copy(Working, Diagonal, n);

    /// <summary>Writes M⁻¹ r into <paramref name="result"/>.</summary>
    public void Apply(double[] r, double[] result)
    {
        var d = Diagonal;
        if (DiagonalOnly)
        {
            for (int i = 0; i < n; i++)
            {
                result[i] = r[i] / d[i];
            }

            return;
        }

        for (int i = 0; i < n; i++)
        {
            _hg[i] = r[i] / d[i];
            _hyk[i] = Yk[i] / d[i];
            _hyr[i] = Yr[i] / d[i];
        }

        if (!Reset)
        {
            // H₁ = BFGS(D⁻¹; s_r, y_r) applied to r and to y_k.
            double yrHyr = Dot(Yr, _hyr);
            double rSr = Dot(r, Sr), rHyr = Dot(r, _hyr);
            BfgsInverse(Sr, _hg, _hyr, YrSr, yrHyr, rSr, rHyr, _hg);
            double ykSr = Dot(Yk, Sr), ykHyr = Dot(Yk, _hyr);
            BfgsInverse(Sr, _hyk, _hyr, YrSr, yrHyr, ykSr, ykHyr, _hyk);
        }

        BfgsInverse(Sk, _hg, _hyk, YkSk, Dot(Yk, _hyk), Dot(r, Sk), Dot(r, _hyk), result);
    }

    /// <summary>H⁺v = Hv + δ s + β Hy for the BFGS inverse update with pair (s, y) (self-scaling factor 1).</summary>
    private static void BfgsInverse(double[] s, double[] hv, double[] hy, double ys, double yHy, double vs, double vHy, double[] result)
    {
        double delta = 0, beta = 0;
        if (ys != 0)
        {
            delta = (((yHy / ys) + 1) * vs / ys) - (vHy / ys);
            beta = -vs / ys;
        }

        for (int i = 0; i < s.Length; i++)
        {
            result[i] = hv[i] + (delta * s[i]) + (beta * hy[i]);
        }
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

    private static double[] Ones(int n)
    {
        var a = new double[n];
        Array.Fill(a, 1.0);
        return a;
    }
}
