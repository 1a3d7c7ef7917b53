using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>Constant tensors (data, never differentiated) in a chosen dtype.</summary>
internal static class Const
{
    public static Tensor Of(double[] values, Shape shape, DType dtype) => Tensor.FromArray(values, shape, dtype);

    public static Tensor Of(double[] values, DType dtype) => Tensor.FromArray(values, new Shape(values.Length), dtype);

    /// <summary>A row-major (rows, cols) matrix.</summary>
    public static Tensor Matrix(double[,] m, DType dtype)
    {
        int r = m.GetLength(0), c = m.GetLength(1);
        var flat = new double[r * c];
        for (int i = 0; i < r; i++)
        {
            for (int j = 0; j < c; j++)
            {
                flat[(i * c) + j] = m[i, j];
            }
        }

        return Tensor.FromArray(flat, new Shape(r, c), dtype);
    }
}
