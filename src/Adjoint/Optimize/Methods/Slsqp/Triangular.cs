using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>Back substitution with an upper triangular matrix R (from a QR factorization).</summary>
internal static class Triangular
{
    /// <summary>x with R x = b (back substitution).</summary>
    public static Vector<double> SolveUpper(Matrix<double> r, Vector<double> b)
    {
        int k = b.Count;
        var x = Vector<double>.Build.Dense(k);
        for (int i = k - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int j = i + 1; j < k; j++)
            {
                s -= r[i, j] * x[j];
            }

            x[i] = s / r[i, i];
        }

        return x;
    }
}
