using System.Runtime.CompilerServices;
using Adjoint.Tensors;

namespace Adjoint.Autodiff.Ops;

/// <summary>
/// The dtype promotion rule of <see cref="EvaluationPrecision"/>: which operands an operation converts, and the
/// cache of converted constants.
/// </summary>
/// <remarks>
/// Inside a scope every operand of a computing operation is converted to the scope's dtype. Outside, an untracked
/// operand adopts the dtype of the tracked ones; two tracked operands of different dtypes, or two untracked ones,
/// are an error. Constants are converted once into storage of their own and cached by source tensor; tracked
/// operands go through the recorded <see cref="Cast"/>.
/// </remarks>
internal static class DTypePromotion
{
    /// <summary>The converted copies of one source tensor, at most one per dtype.</summary>
    private sealed class ConvertedCopies
    {
        public Tensor? Float32;
        public Tensor? Float64;
    }

    private static readonly ConditionalWeakTable<Tensor, ConvertedCopies> s_copies = [];

    [ThreadStatic] private static int t_cachedConversions;

    /// <summary>How many constants this thread has converted into the cache (for tests of the cache).</summary>
    internal static int CachedConversions => t_cachedConversions;

    /// <summary><paramref name="x"/> in the dtype of the innermost <see cref="EvaluationPrecision"/>, if any.</summary>
    public static Tensor ForScope(Tensor x) =>
        EvaluationPrecision.Current is { } target && x.DType != target ? Convert(x, target) : x;

    /// <summary>Reconciles the dtypes of a two-operand operation named <paramref name="op"/>.</summary>
    /// <exception cref="ArgumentException">The dtypes differ and the rule does not say which one wins.</exception>
    public static void Resolve(string op, ref Tensor a, ref Tensor b)
    {
        if (EvaluationPrecision.Current is { } target)
        {
            if (a.DType != target)
            {
                a = Convert(a, target);
            }

            if (b.DType != target)
            {
                b = Convert(b, target);
            }

            return;
        }

        if (a.DType == b.DType)
        {
            return;
        }

        bool trackedA = a.IsTracked, trackedB = b.IsTracked;
        if (trackedA == trackedB)
        {
            throw Mismatch(op, a, b, trackedA);
        }

        if (trackedA)
        {
            b = Convert(b, a.DType);
        }
        else
        {
            a = Convert(a, b.DType);
        }
    }

    /// <summary>Reconciles the dtypes of the operands of <paramref name="op"/>; returns <paramref name="xs"/> itself when nothing changes.</summary>
    /// <exception cref="ArgumentException">The dtypes differ and the rule does not say which one wins.</exception>
    public static IReadOnlyList<Tensor> Resolve(string op, IReadOnlyList<Tensor> xs)
    {
        DType target;
        if (EvaluationPrecision.Current is { } scoped)
        {
            target = scoped;
        }
        else
        {
            Tensor? tracked = null;
            bool mixed = false;
            foreach (var t in xs)
            {
                mixed |= t.DType != xs[0].DType;
                if (t.IsTracked)
                {
                    if (tracked is not null && tracked.DType != t.DType)
                    {
                        throw Mismatch(op, tracked, t, bothTracked: true);
                    }

                    tracked ??= t;
                }
            }

            if (!mixed)
            {
                return xs;
            }

            if (tracked is null)
            {
                var other = xs.First(t => t.DType != xs[0].DType);
                throw Mismatch(op, xs[0], other, bothTracked: false);
            }

            target = tracked.DType;
        }

        Tensor[]? converted = null;
        for (int i = 0; i < xs.Count; i++)
        {
            if (xs[i].DType != target)
            {
                converted ??= [.. xs];
                converted[i] = Convert(xs[i], target);
            }
        }

        return converted ?? xs;
    }

    /// <summary>
    /// <paramref name="x"/> converted to <paramref name="dtype"/>: by a recorded conversion when it is tracked, else
    /// from the cache of converted constants when its storage outlives any scope, else by a plain conversion.
    /// </summary>
    public static Tensor Convert(Tensor x, DType dtype)
    {
        if (x.DType == dtype)
        {
            return x;
        }

        var root = x.Base ?? x;
        if (x.IsTracked || x.Scope is not null || root.Scope is not null || root.IsDisposed)
        {
            // Tracked (the conversion is recorded), recycled with a scope (must not be cached), or released (Cast throws).
            return Cast.Apply(x, dtype);
        }

        var copies = s_copies.GetValue(root, static _ => new ConvertedCopies());
        ref var slot = ref dtype == DType.Float32 ? ref copies.Float32 : ref copies.Float64;
        var copy = Volatile.Read(ref slot);
        if (copy is null)
        {
            var fresh = ConvertedStorage(root, dtype);
            copy = Interlocked.CompareExchange(ref slot, fresh, null) ?? fresh;
            t_cachedConversions++;
        }

        return x == root ? copy : new Tensor(x.Shape, dtype, copy.Storage, pooled: false, copy, x.Offset);
    }

    /// <summary>A converted copy of <paramref name="x"/> in garbage-collected storage that no scope owns.</summary>
    private static Tensor ConvertedStorage(Tensor x, DType dtype)
    {
        Array data;
        if (dtype == DType.Float32)
        {
            var s = x.Span<double>();
            var d = new float[s.Length];
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = (float)s[i];
            }

            data = d;
        }
        else
        {
            var s = x.Span<float>();
            var d = new double[s.Length];
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = s[i];
            }

            data = d;
        }

        return new Tensor(x.Shape, dtype, data, pooled: false);
    }

    private static ArgumentException Mismatch(string op, Tensor a, Tensor b, bool bothTracked) =>
        new($"{op}: operands have different dtypes, {a.DType} {a.Shape} and {b.DType} {b.Shape}, and {(bothTracked ? "both are tracked" : "neither is tracked")}, so neither adopts the other's; convert one with To(DType), or evaluate inside EvaluationPrecision.Begin(dtype).");
}
