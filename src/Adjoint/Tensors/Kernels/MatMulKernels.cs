using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Tensors.Kernels;

/// <summary>Row-major matrix products C (+)= op(A) op(B) (simple reference kernel).</summary>
internal static class MatMulKernels
{
    public static void Gemm(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, bool accumulate)
    {
        if (!accumulate)
        {
            c[..(m * n)].Clear();
        }

        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                double aip = transA ? a[(p * m) + i] : a[(i * k) + p];
                if (!transB)
                {
                    TP.MultiplyAdd(b.Slice(p * n, n), aip, ci, ci);
                }
                else
                {
                    for (int j = 0; j < n; j++)
                    {
                        ci[j] += aip * b[(j * k) + p];
                    }
                }
            }
        }
    }

    public static void Gemm(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate)
    {
        if (!accumulate)
        {
            c[..(m * n)].Clear();
        }

        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                float aip = transA ? a[(p * m) + i] : a[(i * k) + p];
                if (!transB)
                {
                    TP.MultiplyAdd(b.Slice(p * n, n), aip, ci, ci);
                }
                else
                {
                    for (int j = 0; j < n; j++)
                    {
                        ci[j] += aip * b[(j * k) + p];
                    }
                }
            }
        }
    }
}
