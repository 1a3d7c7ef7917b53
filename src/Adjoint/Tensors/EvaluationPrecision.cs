namespace Adjoint.Tensors;

/// <summary>
/// A region of one thread in which every computing operation runs in one dtype, converting operands of the other
/// dtype first: the evaluation precision of an objective.
/// </summary>
/// <remarks>
/// <para><b>The promotion rule.</b> Inside a scope of dtype <c>D</c>, an operation that computes values (arithmetic
/// and comparisons, <c>Pow</c>, <c>Maximum</c>/<c>Minimum</c>, the elementwise functions, <c>Clamp</c>,
/// <c>Where</c>, reductions such as <c>Sum</c> or <c>LogSumExp</c>, <c>Norm</c>, <c>MatMul</c>/<c>Dot</c>,
/// <c>Concat</c>/<c>Stack</c>, <c>ScatterAdd</c>) first converts each operand whose dtype is not <c>D</c> to
/// <c>D</c>, so its result has dtype <c>D</c>. Operations that only rearrange the elements of one tensor
/// (<c>Reshape</c>, <c>Transpose</c>, <c>Permute</c>, <c>BroadcastTo</c>, slicing, <c>Gather</c>) and the explicit
/// <see cref="Tensor.To"/> keep their operand's dtype; the result meets the scope at the next computing operation.
/// To compute part of an evaluation in the other dtype, open a nested scope of that dtype around it.</para>
/// <para>Outside any scope, the dtypes of a mixed operation are reconciled only when that is unambiguous: an
/// operand that is not tracked by the active <see cref="Autodiff.GradientTape"/> (a constant, such as captured
/// data) adopts the dtype of the tracked operands. Mixing two tracked operands of different dtypes, or two
/// untracked ones, throws an <see cref="ArgumentException"/> naming the operation and both dtypes.</para>
/// <para><b>Conversions.</b> A converted constant has no gradient and is not recorded. It is converted once and
/// cached beside the source tensor (one copy per dtype, alive as long as the source; views of the source share
/// it), so an objective that captures data in the other dtype converts it only in its first evaluation. The cache
/// relies on tensors being immutable. Tensors whose storage belongs
/// to a <see cref="TensorScope"/> are recycled when the scope ends, so they are converted afresh each time instead.
/// A converted operand that is tracked (for example a float64 variable inside a float32 scope) is converted by a
/// recorded, differentiable conversion: its gradient flows back in its own dtype, to any order.</para>
/// <para>Backward passes run outside the scope (each derivative rule combines tensors of one dtype), so a
/// gradient always has the dtype of its source. The scope belongs to the thread that began it: other threads
/// are unaffected, and scopes nest (the innermost one decides).</para>
/// <example><code>
/// var data = Tensor.FromArray(observations);                     // float64
/// using (EvaluationPrecision.Begin(DType.Float32))
/// {
///     var g = Grad.Gradient(x => (x - data).Square().Sum(), x0.To(DType.Float32));   // data is used as float32
/// }
/// </code></example>
/// </remarks>
public sealed class EvaluationPrecision : IDisposable
{
    [ThreadStatic] private static EvaluationPrecision? t_current;

    private EvaluationPrecision? _parent;
    private readonly Thread _thread;
    private bool _disposed;

    private EvaluationPrecision(DType dtype, EvaluationPrecision? parent)
    {
        DType = dtype;
        _parent = parent;
        _thread = Thread.CurrentThread;
    }

    /// <summary>The dtype every computing operation of this scope runs in.</summary>
    public DType DType { get; }

    /// <summary>The dtype of the innermost scope open on this thread, or null outside any scope.</summary>
    public static DType? Current => t_current?.DType;

    /// <summary>Starts a scope of <paramref name="dtype"/> on the current thread; it is the innermost one until disposed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown dtype.</exception>
    public static EvaluationPrecision Begin(DType dtype)
    {
        if (dtype is not (DType.Float32 or DType.Float64))
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype.");
        }

        var scope = new EvaluationPrecision(dtype, t_current);
        t_current = scope;
        return scope;
    }

    /// <summary>
    /// Leaves every scope of this thread until <see cref="Resume"/>; returns what to resume. Backward passes run
    /// this way, so that derivative rules see the dtypes their forward recorded.
    /// </summary>
    internal static EvaluationPrecision? Suspend()
    {
        var current = t_current;
        t_current = null;
        return current;
    }

    /// <summary>Restores the scopes that <see cref="Suspend"/> left.</summary>
    internal static void Resume(EvaluationPrecision? suspended) => t_current = suspended;

    /// <summary>Ends the scope: the enclosing one (or none) applies again.</summary>
    /// <exception cref="InvalidOperationException">Called on another thread than the one that began the scope.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (Thread.CurrentThread != _thread)
        {
            throw new InvalidOperationException("An EvaluationPrecision scope must be disposed on the thread that began it.");
        }

        _disposed = true;
        if (t_current == this)
        {
            t_current = _parent;
            return;
        }

        // Out-of-order disposal: unlink this scope from the chain.
        for (var s = t_current; s is not null; s = s._parent)
        {
            if (s._parent == this)
            {
                s._parent = _parent;
                break;
            }
        }
    }
}
