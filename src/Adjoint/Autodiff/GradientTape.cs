using Adjoint.Tensors;

namespace Adjoint.Autodiff;

/// <summary>
/// Records operations on watched tensors so that gradients can be taken: the explicit, low-level counterpart of
/// <see cref="Grad"/>. Each thread has its own tape; opening one while another is open on the same thread nests
/// into it, so gradients taken inside can themselves be differentiated.
/// </summary>
/// <example><code>
/// using var tape = GradientTape.Begin();
/// var x = tape.Watch(Tensor.FromArray([1.0, 2.0]));
/// var y = (x * x).Sum();
/// var dx = tape.Gradient(y, x);   // [2, 4]
/// </code></example>
public sealed class GradientTape : IDisposable
{
    private readonly Tape _tape;
    private bool _disposed;

    private GradientTape(Tape tape) => _tape = tape;

    /// <summary>The thread's tape this recording extends.</summary>
    internal Tape Tape => _tape;

    /// <summary>Starts recording on the current thread (or nests into the recording already under way).</summary>
    public static GradientTape Begin() => new(Tape.Enter());

    /// <summary>
    /// A tracked alias of <paramref name="x"/> sharing its values: derivatives can be taken with respect to it.
    /// </summary>
    public Tensor Watch(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _tape.Watch(x);
    }

    /// <summary>The gradient of a one-element <paramref name="output"/> with respect to a watched <paramref name="source"/>.</summary>
    /// <exception cref="InvalidOperationException">The output has more than one element (give a seed).</exception>
    public Tensor Gradient(Tensor output, Tensor source) => Gradient(output, [source])[0];

    /// <summary>The gradients of a one-element <paramref name="output"/> with respect to each source.</summary>
    public Tensor[] Gradient(Tensor output, params Tensor[] sources) => Gradient(output, sources, seed: null, createGraph: false);

    /// <summary>
    /// The vector-Jacobian products <c>seed^T d output / d source</c> for each source. With
    /// <paramref name="createGraph"/> the backward pass is itself recorded, so the results can be differentiated again.
    /// </summary>
    /// <param name="output">The tensor to differentiate.</param>
    /// <param name="sources">Watched tensors (or tensors computed from them).</param>
    /// <param name="seed">Shaped like <paramref name="output"/>; may be null only for a one-element output.</param>
    /// <param name="createGraph">Record the backward pass for higher-order derivatives.</param>
    /// <returns>One gradient per source, shaped like it; zeros where the output does not depend on it.</returns>
    public Tensor[] Gradient(Tensor output, Tensor[] sources, Tensor? seed, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sources);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _tape.Gradient(output, sources, seed, createGraph);
    }

    /// <summary>Stops recording (the outermost tape on the thread forgets every recorded operation).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _tape.Exit();
        }
    }
}
