using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Tensors.Kernels;

/// <summary>The kind of reduction along one axis.</summary>
internal enum ReduceKind
{
    Sum,
    Max,
    Min,
    Prod,
}

/// <summary>Reductions along one axis of a tensor viewed as (outer, n, inner).</summary>
internal static class ReduceKernels
{
    public static void Axis<T>(ReduceKind kind, ReadOnlySpan<T> src, int outer, int n, int inner, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0)
        {
            dst.Fill(kind switch
            {
                ReduceKind.Sum => T.Zero,
                ReduceKind.Prod => T.One,
                ReduceKind.Max => T.NegativeInfinity,
                _ => T.PositiveInfinity,
            });
            return;
        }

        if (inner == 1 && n < 16 && kind == ReduceKind.Sum)
        {
            // Short rows: a plain loop beats a vector call per row.
            ref T s0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(src);
            for (int o = 0; o < outer; o++)
            {
                ref T row = ref System.Runtime.CompilerServices.Unsafe.Add(ref s0, (nint)o * n);
                T acc = T.Zero;
                for (int j = 0; j < n; j++)
                {
                    acc += System.Runtime.CompilerServices.Unsafe.Add(ref row, j);
                }

                dst[o] = acc;
            }

            return;
        }

        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var row = src.Slice(o * n, n);
                dst[o] = kind switch
                {
                    ReduceKind.Sum => TP.Sum(row),
                    ReduceKind.Max => TP.Max(row),
                    ReduceKind.Min => TP.Min(row),
                    _ => TP.Product(row),
                };
            }

            return;
        }

        for (int o = 0; o < outer; o++)
        {
            var acc = dst.Slice(o * inner, inner);
            var block = src.Slice(o * n * inner, n * inner);
            block[..inner].CopyTo(acc);
            for (int j = 1; j < n; j++)
            {
                var row = block.Slice(j * inner, inner);
                switch (kind)
                {
                    case ReduceKind.Sum: TP.Add(acc, row, acc); break;
                    case ReduceKind.Max: TP.Max(acc, row, acc); break;
                    case ReduceKind.Min: TP.Min(acc, row, acc); break;
                    default: TP.Multiply(acc, row, acc); break;
                }
            }
        }
    }
}
