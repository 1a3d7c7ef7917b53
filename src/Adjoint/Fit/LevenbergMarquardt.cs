namespace Adjoint.Fit;

/// <summary>
/// MINPACK's scaled Levenberg-Marquardt method (<c>lmder</c>, with <c>lmpar</c>, <c>qrfac</c> and <c>qrsolv</c>), with the
/// Jacobian from autodiff instead of finite differences.
/// </summary>
/// <remarks>
/// <para>Each outer iteration factors J P = Q R (Householder QR with column pivoting), forms Q^T f, and then solves the
/// trust-region subproblem min ||f + J p|| subject to ||D p|| &lt;= Delta by finding the Levenberg-Marquardt parameter
/// lambda of (J^T J + lambda D^2) p = -J^T f from the secular equation ||D p(lambda)|| = Delta (a safeguarded Newton
/// iteration on 1/||D p||, Moré 1978, section 5), each trial solved by Givens rotations on R (<c>qrsolv</c>).
/// D holds the column norms of J (the largest seen so far) under <see cref="VariableScale.Jacobian"/> (MINPACK
/// mode 1), or the inverse fixed scales otherwise (mode 2).</para>
/// <para>Symbols: <c>delta</c> = trust radius Delta, <c>par</c> = lambda, <c>diag</c> = D, <c>qtf</c> = first n entries
/// of Q^T f, <c>ipvt</c> = the permutation P, <c>ratio</c> = actual / predicted reduction.</para>
/// <para>The QR factorization with column pivoting and the Givens-based update are written out here because the
/// subproblem needs the pivoted, incrementally updated triangular factor, which general-purpose decompositions do
/// not expose.</para>
/// <para>References: J. J. Moré, "The Levenberg-Marquardt algorithm: implementation and theory", Numerical Analysis,
/// Lecture Notes in Mathematics 630, Springer (1978) 105-116; J. J. Moré, B. S. Garbow, K. E. Hillstrom, User Guide
/// for MINPACK-1, Argonne ANL-80-74 (1980).</para>
/// </remarks>
internal static class LevenbergMarquardt
{
    private const double Epsmch = 2.220446049250313e-16;
    private const double Dwarf = 2.2250738585072014e-308;

    /// <summary>Runs lmder from x0 and returns the solution, its residuals, status and counts.</summary>
    public static SolverOutcome Solve(ResidualModel model, double[] x0, LeastSquaresOptions options)
    {
        int m = model.M, n = model.N;
        double ftol = options.FunctionTolerance, xtol = options.StepTolerance, gtol = options.GradientTolerance;
        int maxfev = options.MaxFunctionEvaluations ?? 100 * (n + 1);
        bool autoScale = options.XScale.IsJacobian;
        var diag = new double[n];
        if (!autoScale)
        {
            var s = options.XScale.Resolve(n);
            for (int j = 0; j < n; j++)
            {
                diag[j] = 1 / s[j];
            }
        }

        var x = (double[])x0.Clone();
        var fvec = new double[m];
        var fjac = new double[m * n];
        var ipvt = new int[n];
        var qtf = new double[n];
        var wa1 = new double[n];
        var wa2 = new double[n];
        var wa3 = new double[n];
        var wa4 = new double[m];
        var lmparWork = new double[3 * n];

        model.Evaluate(x, fvec);
        int nfev = 1, njev = 0;
        if (!AllFinite(fvec))
        {
            return new SolverOutcome(x, fvec, LeastSquaresStatus.NonFiniteValue, nfev, njev);
        }

        double fnorm = Enorm(fvec);
        double par = 0, delta = 0, xnorm = 0;
        int iter = 1;
        LeastSquaresStatus? info = null;

        while (info is null)
        {
            model.Jacobian(x, fjac);
            njev++;
            if (!AllFinite(fjac))
            {
                info = njev == 1 ? LeastSquaresStatus.NonFiniteValue : LeastSquaresStatus.MachinePrecision;
                break;
            }

            QrFactor(m, n, fjac, ipvt, wa1, wa2, wa3);

            if (iter == 1)
            {
                if (autoScale)
                {
                    for (int j = 0; j < n; j++)
                    {
                        diag[j] = wa2[j] == 0 ? 1 : wa2[j];
                    }
                }

                for (int j = 0; j < n; j++)
                {
                    wa3[j] = diag[j] * x[j];
                }

                xnorm = Enorm(wa3.AsSpan(0, n));
                delta = options.InitialStepBound * xnorm;
                if (delta == 0)
                {
                    delta = options.InitialStepBound;
                }
            }

            // Q^T f into wa4; its first n entries into qtf; R's diagonal back into fjac.
            fvec.CopyTo(wa4, 0);
            for (int j = 0; j < n; j++)
            {
                int cj = j * m;
                if (fjac[cj + j] != 0)
                {
                    double sum = 0;
                    for (int i = j; i < m; i++)
                    {
                        sum += fjac[cj + i] * wa4[i];
                    }

                    double temp = -sum / fjac[cj + j];
                    for (int i = j; i < m; i++)
                    {
                        wa4[i] += fjac[cj + i] * temp;
                    }
                }

                fjac[cj + j] = wa1[j];
                qtf[j] = wa4[j];
            }

            // Scaled gradient norm: the largest cosine between f and a column of J.
            double gnorm = 0;
            if (fnorm != 0)
            {
                for (int j = 0; j < n; j++)
                {
                    int l = ipvt[j];
                    if (wa2[l] != 0)
                    {
                        double sum = 0;
                        for (int i = 0; i <= j; i++)
                        {
                            sum += fjac[(j * m) + i] * (qtf[i] / fnorm);
                        }

                        gnorm = Math.Max(gnorm, Math.Abs(sum / wa2[l]));
                    }
                }
            }

            if (gnorm <= gtol)
            {
                info = LeastSquaresStatus.GradientTolerance;
                break;
            }

            if (autoScale)
            {
                for (int j = 0; j < n; j++)
                {
                    diag[j] = Math.Max(diag[j], wa2[j]);
                }
            }

            double ratio;
            do
            {
                par = LmPar(n, fjac, m, ipvt, diag, qtf, delta, par, wa1, wa2, lmparWork);

                for (int j = 0; j < n; j++)
                {
                    wa1[j] = -wa1[j];
                    wa2[j] = x[j] + wa1[j];
                    wa3[j] = diag[j] * wa1[j];
                }

                double pnorm = Enorm(wa3.AsSpan(0, n));
                if (iter == 1)
                {
                    delta = Math.Min(delta, pnorm);
                }

                model.Evaluate(wa2, wa4);
                nfev++;
                double fnorm1 = AllFinite(wa4) ? Enorm(wa4) : double.PositiveInfinity;

                double actred = -1;
                if (0.1 * fnorm1 < fnorm)
                {
                    double t = fnorm1 / fnorm;
                    actred = 1 - (t * t);
                }

                // Predicted reduction and directional derivative.
                for (int j = 0; j < n; j++)
                {
                    wa3[j] = 0;
                    double temp = wa1[ipvt[j]];
                    for (int i = 0; i <= j; i++)
                    {
                        wa3[i] += fjac[(j * m) + i] * temp;
                    }
                }

                double temp1 = Enorm(wa3.AsSpan(0, n)) / fnorm;
                double temp2 = Math.Sqrt(par) * pnorm / fnorm;
                double prered = (temp1 * temp1) + (temp2 * temp2 / 0.5);
                double dirder = -((temp1 * temp1) + (temp2 * temp2));
                ratio = prered != 0 ? actred / prered : 0;

                if (ratio <= 0.25)
                {
                    double temp = actred >= 0 ? 0.5 : 0.5 * dirder / (dirder + (0.5 * actred));
                    if (0.1 * fnorm1 >= fnorm || temp < 0.1)
                    {
                        temp = 0.1;
                    }

                    delta = temp * Math.Min(delta, pnorm / 0.1);
                    par /= temp;
                }
                else if (par == 0 || ratio >= 0.75)
                {
                    delta = pnorm / 0.5;
                    par *= 0.5;
                }

                if (ratio >= 1e-4)
                {
                    for (int j = 0; j < n; j++)
                    {
                        x[j] = wa2[j];
                        wa2[j] = diag[j] * x[j];
                    }

                    wa4.CopyTo(fvec, 0);
                    xnorm = Enorm(wa2.AsSpan(0, n));
                    fnorm = fnorm1;
                    iter++;
                }

                bool fconv = Math.Abs(actred) <= ftol && prered <= ftol && 0.5 * ratio <= 1;
                bool xconv = delta <= xtol * xnorm;
                if (fconv || xconv)
                {
                    info = fconv && xconv ? LeastSquaresStatus.FunctionAndStepTolerance
                        : fconv ? LeastSquaresStatus.FunctionTolerance : LeastSquaresStatus.StepTolerance;
                    break;
                }

                if (nfev >= maxfev)
                {
                    info = LeastSquaresStatus.MaxFunctionEvaluations;
                    break;
                }

                if ((Math.Abs(actred) <= Epsmch && prered <= Epsmch && 0.5 * ratio <= 1)
                    || delta <= Epsmch * xnorm || gnorm <= Epsmch)
                {
                    info = LeastSquaresStatus.MachinePrecision;
                    break;
                }
            }
            while (ratio < 1e-4);
        }

        return new SolverOutcome(x, fvec, info!.Value, nfev, njev);
    }

    /// <summary>The Euclidean norm, scaled against overflow and underflow when needed.</summary>
    internal static double Enorm(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        if (s > 1e-290 && s < 1e290)
        {
            return Math.Sqrt(s);
        }

        double scale = 0;
        for (int i = 0; i < v.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(v[i]));
        }

        if (scale == 0 || double.IsInfinity(scale) || double.IsNaN(scale))
        {
            return scale;
        }

        s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double t = v[i] / scale;
            s += t * t;
        }

        return scale * Math.Sqrt(s);
    }

    internal static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (double d in v)
        {
            if (!double.IsFinite(d))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Householder QR with column pivoting of the m x n column-major a (MINPACK qrfac): on return a holds the
    /// Householder vectors below and on the diagonal and R strictly above; rdiag = diag(R), acnorm = column norms of a.
    /// </summary>
    internal static void QrFactor(int m, int n, double[] a, int[] ipvt, double[] rdiag, double[] acnorm, double[] wa)
    {
        for (int j = 0; j < n; j++)
        {
            acnorm[j] = Enorm(a.AsSpan(j * m, m));
            rdiag[j] = acnorm[j];
            wa[j] = rdiag[j];
            ipvt[j] = j;
        }

        int minmn = Math.Min(m, n);
        for (int j = 0; j < minmn; j++)
        {
            int kmax = j;
            for (int k = j; k < n; k++)
            {
                if (rdiag[k] > rdiag[kmax])
                {
                    kmax = k;
                }
            }

            if (kmax != j)
            {
                var cj = a.AsSpan(j * m, m);
                var ck = a.AsSpan(kmax * m, m);
                for (int i = 0; i < m; i++)
                {
                    (cj[i], ck[i]) = (ck[i], cj[i]);
                }

                rdiag[kmax] = rdiag[j];
                wa[kmax] = wa[j];
                (ipvt[j], ipvt[kmax]) = (ipvt[kmax], ipvt[j]);
            }

            int c = j * m;
            double ajnorm = Enorm(a.AsSpan(c + j, m - j));
            if (ajnorm != 0)
            {
                if (a[c + j] < 0)
                {
                    ajnorm = -ajnorm;
                }

                for (int i = j; i < m; i++)
                {
                    a[c + i] /= ajnorm;
                }

                a[c + j] += 1;
                for (int k = j + 1; k < n; k++)
                {
                    int ck = k * m;
                    double sum = 0;
                    for (int i = j; i < m; i++)
                    {
                        sum += a[c + i] * a[ck + i];
                    }

                    double temp = sum / a[c + j];
                    for (int i = j; i < m; i++)
                    {
                        a[ck + i] -= temp * a[c + i];
                    }

                    if (rdiag[k] != 0)
                    {
                        temp = a[ck + j] / rdiag[k];
                        rdiag[k] *= Math.Sqrt(Math.Max(0, 1 - (temp * temp)));
                        double q = rdiag[k] / wa[k];
                        if (0.05 * q * q <= Epsmch)
                        {
                            rdiag[k] = Enorm(a.AsSpan(ck + j + 1, m - j - 1));
                            wa[k] = rdiag[k];
                        }
                    }
                }
            }

            rdiag[j] = -ajnorm;
        }
    }

    /// <summary>
    /// The Levenberg-Marquardt parameter (MINPACK lmpar): returns par such that x solves
    /// (J^T J + par D^2) x = -J^T f with ||D x|| within 10% of delta (or par = 0 when the Gauss-Newton step fits).
    /// r is the column-major n x n upper triangle stored with leading dimension ldr (the QR factor in fjac).
    /// On return x holds the (negated) step, written into <paramref name="x"/>.
    /// </summary>
    private static double LmPar(int n, double[] r, int ldr, int[] ipvt, double[] diag, double[] qtb, double delta, double par,
        double[] x, double[] wa2Out, double[] work)
    {
        var sdiag = work.AsSpan(0, n);
        var wa1 = work.AsSpan(n, n);
        var wa2 = work.AsSpan(2 * n, n);

        // Gauss-Newton direction (least-squares solution if R is singular).
        int nsing = n;
        for (int j = 0; j < n; j++)
        {
            wa1[j] = qtb[j];
            if (r[(j * ldr) + j] == 0 && nsing == n)
            {
                nsing = j;
            }

            if (nsing < n)
            {
                wa1[j] = 0;
            }
        }

        for (int j = nsing - 1; j >= 0; j--)
        {
            wa1[j] /= r[(j * ldr) + j];
            double temp = wa1[j];
            for (int i = 0; i < j; i++)
            {
                wa1[i] -= r[(j * ldr) + i] * temp;
            }
        }

        for (int j = 0; j < n; j++)
        {
            x[ipvt[j]] = wa1[j];
        }

        int iter = 0;
        for (int j = 0; j < n; j++)
        {
            wa2[j] = diag[j] * x[j];
        }

        double dxnorm = Enorm(wa2);
        double fp = dxnorm - delta;
        if (fp <= 0.1 * delta)
        {
            wa2.CopyTo(wa2Out);
            return 0;
        }

        // Lower bound parl of the zero of phi (only when the Jacobian has full rank).
        double parl = 0;
        if (nsing >= n)
        {
            for (int j = 0; j < n; j++)
            {
                int l = ipvt[j];
                wa1[j] = diag[l] * (wa2[l] / dxnorm);
            }

            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int i = 0; i < j; i++)
                {
                    sum += r[(j * ldr) + i] * wa1[i];
                }

                wa1[j] = (wa1[j] - sum) / r[(j * ldr) + j];
            }

            double temp = Enorm(wa1);
            parl = fp / delta / temp / temp;
        }

        // Upper bound paru.
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i <= j; i++)
            {
                sum += r[(j * ldr) + i] * qtb[i];
            }

            wa1[j] = sum / diag[ipvt[j]];
        }

        double gnorm = Enorm(wa1);
        double paru = gnorm / delta;
        if (paru == 0)
        {
            paru = Dwarf / Math.Min(delta, 0.1);
        }

        par = Math.Max(par, parl);
        par = Math.Min(par, paru);
        if (par == 0)
        {
            par = gnorm / dxnorm;
        }

        while (true)
        {
            iter++;
            if (par == 0)
            {
                par = Math.Max(Dwarf, 0.001 * paru);
            }

            double sp = Math.Sqrt(par);
            for (int j = 0; j < n; j++)
            {
                wa1[j] = sp * diag[j];
            }

            QrSolve(n, r, ldr, ipvt, wa1, qtb, x, sdiag, wa2);
            for (int j = 0; j < n; j++)
            {
                wa2[j] = diag[j] * x[j];
            }

            dxnorm = Enorm(wa2);
            double temp = fp;
            fp = dxnorm - delta;
            if (Math.Abs(fp) <= 0.1 * delta || (parl == 0 && fp <= temp && temp < 0) || iter == 10)
            {
                break;
            }

            // Newton correction.
            for (int j = 0; j < n; j++)
            {
                int l = ipvt[j];
                wa1[j] = diag[l] * (wa2[l] / dxnorm);
            }

            for (int j = 0; j < n; j++)
            {
                wa1[j] /= sdiag[j];
                double t = wa1[j];
                for (int i = j + 1; i < n; i++)
                {
                    wa1[i] -= r[(j * ldr) + i] * t;
                }
            }

            temp = Enorm(wa1);
            double parc = fp / delta / temp / temp;
            if (fp > 0)
            {
                parl = Math.Max(parl, par);
            }
            else if (fp < 0)
            {
                paru = Math.Min(paru, par);
            }

            par = Math.Max(parl, par + parc);
        }

        wa2.CopyTo(wa2Out);
        return par;
    }

    /// <summary>
    /// Solves (R^T R + P D^2 P^T)-type systems by Givens rotations (MINPACK qrsolv): given the pivoted QR factor in r, finds
    /// x minimizing ||[A; D] x - [b; 0]|| with Q^T b = qtb. The strict lower triangle of r receives the rotated factor;
    /// sdiag its diagonal.
    /// </summary>
    private static void QrSolve(int n, double[] r, int ldr, int[] ipvt, ReadOnlySpan<double> diag, double[] qtb, double[] x,
        Span<double> sdiag, Span<double> wa)
    {
        for (int j = 0; j < n; j++)
        {
            for (int i = j; i < n; i++)
            {
                r[(j * ldr) + i] = r[(i * ldr) + j];
            }

            x[j] = r[(j * ldr) + j];
            wa[j] = qtb[j];
        }

        for (int j = 0; j < n; j++)
        {
            int l = ipvt[j];
            if (diag[l] != 0)
            {
                for (int k = j; k < n; k++)
                {
                    sdiag[k] = 0;
                }

                sdiag[j] = diag[l];
                double qtbpj = 0;
                for (int k = j; k < n; k++)
                {
                    if (sdiag[k] == 0)
                    {
                        continue;
                    }

                    int kk = (k * ldr) + k;
                    double sin, cos;
                    if (Math.Abs(r[kk]) < Math.Abs(sdiag[k]))
                    {
                        double cotan = r[kk] / sdiag[k];
                        sin = 0.5 / Math.Sqrt(0.25 + (0.25 * cotan * cotan));
                        cos = sin * cotan;
                    }
                    else
                    {
                        double tan = sdiag[k] / r[kk];
                        cos = 0.5 / Math.Sqrt(0.25 + (0.25 * tan * tan));
                        sin = cos * tan;
                    }

                    r[kk] = (cos * r[kk]) + (sin * sdiag[k]);
                    double temp = (cos * wa[k]) + (sin * qtbpj);
                    qtbpj = (-sin * wa[k]) + (cos * qtbpj);
                    wa[k] = temp;
                    for (int i = k + 1; i < n; i++)
                    {
                        int ik = (k * ldr) + i;
                        temp = (cos * r[ik]) + (sin * sdiag[i]);
                        sdiag[i] = (-sin * r[ik]) + (cos * sdiag[i]);
                        r[ik] = temp;
                    }
                }
            }

            sdiag[j] = r[(j * ldr) + j];
            r[(j * ldr) + j] = x[j];
        }

        int nsing = n;
        for (int j = 0; j < n; j++)
        {
            if (sdiag[j] == 0 && nsing == n)
            {
                nsing = j;
            }

            if (nsing < n)
            {
                wa[j] = 0;
            }
        }

        for (int j = nsing - 1; j >= 0; j--)
        {
            double sum = 0;
            for (int i = j + 1; i < nsing; i++)
            {
                sum += r[(j * ldr) + i] * wa[i];
            }

            wa[j] = (wa[j] - sum) / sdiag[j];
        }

        for (int j = 0; j < n; j++)
        {
            x[ipvt[j]] = wa[j];
        }
    }
}
