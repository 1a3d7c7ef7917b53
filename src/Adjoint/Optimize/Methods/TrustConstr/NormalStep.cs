namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>
/// The normal (vertical) step of the Byrd-Omojokun SQP iteration: approximately minimizes ½‖A d + b‖² subject to
/// ‖d‖ ≤ Δ and lb ≤ d ≤ ub by a dogleg between the Cauchy point and the minimum-norm Newton point -Aᵀ(AAᵀ)⁻¹b.
/// </summary>
/// <remarks>
/// The Newton point is taken when it lies inside both regions. Otherwise two candidates are compared, the dogleg
/// path from the Cauchy point towards the Newton point cut at the region's boundary (or the Cauchy direction cut
/// there when that segment misses the region) and the Newton direction cut at the boundary, and the one with the
/// smaller linearized residual ‖A d + b‖ wins (the modification of Lalee, Nocedal, Plantenga 1998 for the box).
/// lb ≤ 0 ≤ ub is expected.
/// <para>References: Lalee, Nocedal, Plantenga (1998), section 3.1; Nocedal &amp; Wright (2006), section 18.5.</para>
/// </remarks>
internal static class NormalStep
{
    /// <summary>Writes the normal step into <paramref name="d"/> (length n).</summary>
    public static void Solve(double[,] a, ConstraintProjections projections, ReadOnlySpan<double> b, double radius,
        ReadOnlySpan<double> lb, ReadOnlySpan<double> ub, Span<double> d)
    {
        _ = a;
        Solve(projections, b, radius, lb, ub, d);
    }

    /// <summary>Writes the normal step into <paramref name="d"/> (length n), A being the operator's matrix.</summary>
    public static void Solve(IConstraintOperator a, ReadOnlySpan<double> b, double radius,
        ReadOnlySpan<double> lb, ReadOnlySpan<double> ub, Span<double> d)
    {
        var projections = a;
        int m = a.Rows, n = a.Columns;
        var newton = new double[n];
        projections.RowSpace(b, newton);
        for (int i = 0; i < n; i++)
        {
            newton[i] = -newton[i];
        }

        if (StepGeometry.Inside(newton, lb, ub) && DenseOps.Norm(newton) <= radius)
        {
            newton.CopyTo(d);
            return;
        }

        var g = new double[n];
        a.MultiplyTransposed(b, g);
        var ag = new double[m];
        a.Multiply(g, ag);
        double agag = DenseOps.Dot(ag, ag);
        var zero = new double[n];
        if (!(agag > 0))
        {
            // Aᵀb = 0: no first-order decrease of the residual; the Newton direction cut at the boundary.
            var (_, tn, _) = StepGeometry.BoxSphere(zero, newton, lb, ub, radius);
            for (int i = 0; i < n; i++)
            {
                d[i] = tn * newton[i];
            }

            return;
        }

        double scale = -DenseOps.Dot(g, g) / agag;
        var cauchy = new double[n];
        var p = new double[n];
        for (int i = 0; i < n; i++)
        {
            cauchy[i] = scale * g[i];
            p[i] = newton[i] - cauchy[i];
        }

        var x1 = new double[n];
        var (_, alpha, intersect) = StepGeometry.BoxSphere(cauchy, p, lb, ub, radius);
        if (intersect)
        {
            for (int i = 0; i < n; i++)
            {
                x1[i] = cauchy[i] + (alpha * p[i]);
            }
        }
        else
        {
            var (_, tc, _) = StepGeometry.BoxSphere(zero, cauchy, lb, ub, radius);
            for (int i = 0; i < n; i++)
            {
                x1[i] = tc * cauchy[i];
            }
        }

        var (_, t2, _) = StepGeometry.BoxSphere(zero, newton, lb, ub, radius);
        var x2 = new double[n];
        for (int i = 0; i < n; i++)
        {
            x2[i] = t2 * newton[i];
        }

        if (Residual(a, x1, b) < Residual(a, x2, b))
        {
            x1.CopyTo(d);
        }
        else
        {
            x2.CopyTo(d);
        }
    }

    /// <summary>‖A x + b‖.</summary>
    private static double Residual(IConstraintOperator a, ReadOnlySpan<double> x, ReadOnlySpan<double> b)
    {
        var r = new double[b.Length];
        a.Multiply(x, r);
        for (int i = 0; i < r.Length; i++)
        {
            r[i] += b[i];
        }

        return DenseOps.Norm(r);
    }
}
