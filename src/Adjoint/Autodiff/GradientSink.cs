using Adjoint.Tensors;

namespace Adjoint.Autodiff;

/// <summary>Accumulates input gradients during one backward pass over a <see cref="Tape"/>.</summary>
internal sealed class GradientSink
{
    private Tensor?[] _grads = [];
    private Tape _tape = null!;
    private int _lowest;

    public void Reset(Tape tape, int count, int lowest)
    {
        _tape = tape;
        _lowest = lowest;
        if (_grads.Length < count)
        {
            _grads = new Tensor?[Math.Max(count, _grads.Length * 2)];
        }
    }

    /// <summary>Whether a gradient for <paramref name="input"/> can reach any source of this pass.</summary>
    public bool Wants(Tensor input) => input.Node is { } n && n.Tape == _tape && n.Index >= _lowest;

    /// <summary>Adds <paramref name="grad"/> (shaped like <paramref name="input"/>) to the input's gradient.</summary>
    public void Add(Tensor input, Tensor grad)
    {
        if (!Wants(input))
        {
            return;
        }

        if (grad.Shape != input.Shape)
        {
            throw new InvalidOperationException($"Internal error: gradient of shape {grad.Shape} for an input of shape {input.Shape}.");
        }

        int i = input.Node!.Index;
        var g = _grads[i];
        _grads[i] = g is null ? grad : Ops.Binary.Add(g, grad);
    }

    public Tensor? Peek(int index) => _grads[index];

    public void Set(int index, Tensor grad) => _grads[index] = grad;

    public void Clear(int count) => Array.Clear(_grads, 0, Math.Min(count, _grads.Length));
}
