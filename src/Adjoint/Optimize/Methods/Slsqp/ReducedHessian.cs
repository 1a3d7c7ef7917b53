using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>
/// The factor R (upper triangular, RᵀR = Zᵀ B Z) of SLSQP's Hessian approximation reduced to the null space Z of the
/// equality rows, kept up to date through the BFGS updates of B while Z is unchanged (linear equality constraints), so
/// that a large subproblem needs neither the product E Z nor a new Cholesky factorization.
/// </summary>
/// <remarks>
/// <para>B ← B + σ v vᵀ gives Zᵀ B Z ← Zᵀ B Z + σ (Zᵀv)(Zᵀv)ᵀ: each of the two rank-one terms of the damped BFGS update of
/// <see cref="LdlFactor"/> is applied to a second LDLᵀ factor of order k = n - rank(C) with the same method of Fletcher
/// and Powell, after one product Zᵀv (n k flops), instead of forming E Z (n² k) and factoring (E Z)ᵀ(E Z) (n k² + k³/3)
/// at every iterate. Then R = D^½ Lᵀ. The factor starts from one computed in full (<see cref="Initialize"/>), and is
/// dropped when B is reset or the basis Z is recomputed (C changed).</para>
/// <para>Both routes give the same R up to rounding: the updated factor of Zᵀ B Z and the Cholesky factor of (E Z)ᵀ(E Z)
/// factor the same matrix (with positive diagonal).</para>
/// </remarks>
internal sealed class ReducedHessian
{
    private LdlFactor? _factor;
    private EqualityBasis? _basis;
    private int _version = -1;
    private double[] _projected = [];

    /// <summary>Whether a factor is held for the current basis.</summary>
    public bool IsValid(EqualityBasis basis) => _factor is not null && ReferenceEquals(basis, _basis) && basis.Version == _version;

    /// <summary>Drops the factor (after B was reset).</summary>
    public void Invalidate()
    {
        _factor = null;
        _basis = null;
    }

    /// <summary>Starts from R (upper triangular with nonzero diagonal, RᵀR = Zᵀ B Z) computed in full for <paramref name="basis"/>.</summary>
    public void Initialize(EqualityBasis basis, Matrix<double> r)
    {
        int k = r.RowCount;
        if (_factor is null || _factor.N != k)
        {
            _factor = new LdlFactor(k);
            _projected = new double[k];
        }

        _factor.SetFromUpper(r);
        _basis = basis;
        _version = basis.Version;
    }

    /// <summary>R = D^½ Lᵀ for the current factor (by columns, as MathNet stores it).</summary>
    public Matrix<double> Upper() => _factor!.UpperFactor();

    /// <summary>Mirrors B ← B + σ v vᵀ: Zᵀ B Z ← Zᵀ B Z + σ (Zᵀv)(Zᵀv)ᵀ.</summary>
    public void RankOneUpdate(double sigma, ReadOnlySpan<double> v)
    {
        if (_factor is null || _basis is null)
        {
            return;
        }

        var z = _basis.Z;
        int n = z.RowCount, k = z.ColumnCount;
        var zc = z.AsColumnMajorArray() ?? z.ToColumnMajorArray();
        for (int c = 0; c < k; c++)
        {
            _projected[c] = System.Numerics.Tensors.TensorPrimitives.Dot<double>(zc.AsSpan(c * n, n), v);
        }

        _factor.RankOneUpdate(sigma, _projected);
    }
}
