using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>
/// The SVD-based elimination of the equality rows C, kept between subproblems: with linear equality constraints (or
/// any whose Jacobian does not change) C is the same at every iterate, and its SVD is then computed once.
/// </summary>
/// <remarks>The basis is reused only when C is bit for bit the one it was computed from, so that the results are
/// exactly those of a fresh decomposition.</remarks>
internal sealed class EqualityBasis
{
    private double[]? _c;
    private int _rows;
    private int _columns;

    /// <summary>Counts the decompositions: it changes exactly when the basis is recomputed.</summary>
    public int Version { get; private set; }

    /// <summary>U₁ (mc × r): the left singular vectors of the nonzero singular values.</summary>
    public Matrix<double> U1 { get; private set; } = null!;

    /// <summary>V₁ (n × r): the right singular vectors of the nonzero singular values.</summary>
    public Matrix<double> V1 { get; private set; } = null!;

    /// <summary>The r nonzero singular values.</summary>
    public Vector<double> S1 { get; private set; } = null!;

    /// <summary>Z = V₂ (n × (n - r)): an orthonormal basis of the null space of C.</summary>
    public Matrix<double> Z { get; private set; } = null!;

    /// <summary>
    /// Sets the basis for <paramref name="c"/> (reusing the previous one when C has not changed); the rank counts the
    /// singular values above <paramref name="rankTolerance"/> times the largest.
    /// </summary>
    public void Update(Matrix<double> c, double rankTolerance)
    {
        int mc = c.RowCount, n = c.ColumnCount;
        var values = c.AsColumnMajorArray() ?? c.ToColumnMajorArray();
        if (_c is not null && _rows == mc && _columns == n && MemoryMarshal.Cast<double, long>(values).SequenceEqual(MemoryMarshal.Cast<double, long>(_c)))
        {
            return;
        }

        var svd = c.Svd(computeVectors: true);
        var s = svd.S;
        double smax = s.Count > 0 ? s[0] : 0;
        int r = 0;
        while (r < s.Count && s[r] > rankTolerance * smax && s[r] > 0)
        {
            r++;
        }

        var v = svd.VT.Transpose();
        U1 = svd.U.SubMatrix(0, mc, 0, r);
        V1 = v.SubMatrix(0, n, 0, r);
        S1 = s.SubVector(0, r);
        Z = v.SubMatrix(0, n, r, n - r);
        _c = (double[])values.Clone();
        Version++;
        _rows = mc;
        _columns = n;
    }
}
