using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Optimize.QuasiNewton;

// Symbols (Nocedal & Wright, Section 6.1): H the inverse-Hessian approximation, s = x_{k+1} - x_k, y = ∇f_{k+1} - ∇f_k,
// ρ = 1 / (yᵀs).

/// <summary>The BFGS update of a dense inverse-Hessian approximation in O(n²) with rank-2 vector operations.</summary>
/// <remarks>
/// H⁺ = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ expands (with H symmetric, u = H y) to
/// H⁺ = H - ρ (s uᵀ + u sᵀ) + (ρ² yᵀu + ρ) s sᵀ: one matrix-vector product and one rank-2 update, never an n×n
/// matrix product (which would cost O(n³)).
/// <para>References: Nocedal &amp; Wright (2006), Eq. (6.17).</para>
/// </remarks>
internal static class BfgsUpdate
{
    /// <summary>Updates the row-major n×n <paramref name="h"/> in place; returns false (and leaves H) when yᵀs is not positive.</summary>
    public static bool UpdateInverse(Span<double> h, int n, ReadOnlySpan<double> s, ReadOnlySpan<double> y, Span<double> u)
    {
        double ys = TP.Dot(y, s);
        if (!(ys > 0) || !double.IsFinite(ys))
        {
            return false;
        }

        double rho = 1 / ys;
        for (int i = 0; i < n; i++)
        {
            u[i] = TP.Dot(h.Slice(i * n, n), y);
        }

        double yu = TP.Dot(y, u);
        double c = (rho * rho * yu) + rho;
        for (int i = 0; i < n; i++)
        {
            var row = h.Slice(i * n, n);
            // row_i += (c s_i - ρ u_i) s - ρ s_i u
            TP.MultiplyAdd(s, (c * s[i]) - (rho * u[i]), row, row);
            TP.MultiplyAdd(u, -rho * s[i], row, row);
        }

        return true;
    }

    /// <summary>
    /// The rank-2 update given u = H y already computed (H⁺ = H - ρ(s uᵀ + u sᵀ) + (ρ² yᵀu + ρ) s sᵀ): one pass over H.
    /// </summary>
    public static bool UpdateInverseWithProduct(Span<double> h, int n, ReadOnlySpan<double> s, ReadOnlySpan<double> y, ReadOnlySpan<double> u)
    {
        double ys = TP.Dot(y, s);
        if (!(ys > 0) || !double.IsFinite(ys))
        {
            return false;
        }

        double rho = 1 / ys;
        double c = (rho * rho * TP.Dot(y, u)) + rho;
        for (int i = 0; i < n; i++)
        {
            var row = h.Slice(i * n, n);
            TP.MultiplyAdd(s, (c * s[i]) - (rho * u[i]), row, row);
            TP.MultiplyAdd(u, -rho * s[i], row, row);
        }

        return true;
    }

    /// <summary>Writes -H g into <paramref name="direction"/>.</summary>
    public static void Direction(ReadOnlySpan<double> h, int n, ReadOnlySpan<double> g, Span<double> direction)
    {
        for (int i = 0; i < n; i++)
        {
            direction[i] = -TP.Dot(h.Slice(i * n, n), g);
        }
    }

    /// <summary>Sets H to γ I.</summary>
    public static void SetScaledIdentity(Span<double> h, int n, double gamma)
    {
        h.Clear();
        for (int i = 0; i < n; i++)
        {
            h[(i * n) + i] = gamma;
        }
    }
}
