using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Adjoint.Tensors.Kernels;

/// <summary>One-pass kernels for expressions that would otherwise take two passes over memory.</summary>
internal static class FusedKernels
{
    /// <summary>d = scale * x + shift.</summary>
    public static void Affine<T>(ReadOnlySpan<T> x, T scale, T shift, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(d);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            var s = Vector512.Create(scale);
            var b = Vector512.Create(shift);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                ((Vector512.LoadUnsafe(ref xr, (nuint)i) * s) + b).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            var s = Vector256.Create(scale);
            var b = Vector256.Create(shift);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                ((Vector256.LoadUnsafe(ref xr, (nuint)i) * s) + b).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = (Unsafe.Add(ref xr, i) * scale) + shift;
        }
    }

    /// <summary>d = c * x * y.</summary>
    public static void ScaledProduct<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, T c, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T dr = ref MemoryMarshal.GetReference(d);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            var cv = Vector512.Create(c);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                (Vector512.LoadUnsafe(ref xr, (nuint)i) * Vector512.LoadUnsafe(ref yr, (nuint)i) * cv).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            var cv = Vector256.Create(c);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                (Vector256.LoadUnsafe(ref xr, (nuint)i) * Vector256.LoadUnsafe(ref yr, (nuint)i) * cv).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i) * c;
        }
    }

    /// <summary>d = g * (1 - y*y) (the derivative of tanh, from its output).</summary>
    public static void TanhBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = y.Length;
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T gr = ref MemoryMarshal.GetReference(g);
        ref T dr = ref MemoryMarshal.GetReference(d);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            var one = Vector512<T>.One;
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var yv = Vector512.LoadUnsafe(ref yr, (nuint)i);
                var gv = Vector512.LoadUnsafe(ref gr, (nuint)i);
                (gv * (one - (yv * yv))).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            var one = Vector256<T>.One;
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var yv = Vector256.LoadUnsafe(ref yr, (nuint)i);
                var gv = Vector256.LoadUnsafe(ref gr, (nuint)i);
                (gv * (one - (yv * yv))).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            T yv = Unsafe.Add(ref yr, i);
            Unsafe.Add(ref dr, i) = Unsafe.Add(ref gr, i) * (T.One - (yv * yv));
        }
    }
}
