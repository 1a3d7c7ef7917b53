using Adjoint.Tensors;

namespace Adjoint.Autodiff;

/// <summary>Accumulates input gradients during one backward pass over a <see cref="Tape"/>.</summary>
internal sealed class GradientSink
{
    private Tensor?[] _grads = [];
    private bool[] _owned = [];
    private Tape _tape = null!;
    private int _lowest;

    public void Reset(Tape tape, int count, int lowest)
    {
        _tape = tape;
        _lowest = lowest;
        if (_grads.Length < count)
        {
            _grads = new Tensor?[Math.Max(count, _grads.Length * 2)];
            _owned = new bool[_grads.Length];
        }
    }

    /// <summary>Whether a gradient for <paramref name="input"/> can reach any source of this pass.</summary>
    public bool Wants(Tensor input) => input.Node is { } n && n.Tape == _tape && n.Index >= _lowest && !n.HasZeroDerivative;

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
        if (g is null)
        {
            _grads[i] = grad;
            _owned[i] = false;
        }
        else if (Tape.Recording is not null)
        {
            _grads[i] = Ops.Binary.Add(g, grad);
        }
        else if (_owned[i])
        {
            // A sum this pass created itself: nothing else refers to it, so accumulate in place.
            AddInPlace(g, grad);
        }
        else
        {
            _grads[i] = Ops.Binary.Add(g, grad);
            _owned[i] = true;
        }
    }

    /// <summary>Adds the gradient of a slice of <paramref name="input"/> without materializing a full-size zero tensor when possible.</summary>
    public void AddSlice(Tensor input, Tensor grad, int[] starts, int[] steps, int[] counts)
    {
        if (!Wants(input))
        {
            return;
        }

        int i = input.Node!.Index;
        var existing = _grads[i];
        if (Tape.Recording is not null || existing is null)
        {
            Add(input, Ops.Indexing.SliceAdjoint(grad, input.Shape, starts, steps, counts));
            if (existing is null && Tape.Recording is null)
            {
                _owned[i] = true;
            }

            return;
        }

        if (!_owned[i])
        {
            existing = Ops.Cast.Copy(existing);
            _grads[i] = existing;
            _owned[i] = true;
        }

        Ops.Indexing.AddIntoSlice(existing, starts, steps, counts, grad);
    }

    private static void AddInPlace(Tensor target, Tensor grad)
    {
        if (Tensors.Kernels.ParallelKernels.ShouldSplit(target.Size))
        {
            Tensors.Kernels.ParallelKernels.For(target.Size, (s, n) => AddInPlace(target, grad, s, n));
        }
        else
        {
            AddInPlace(target, grad, 0, target.Size);
        }
    }

    private static void AddInPlace(Tensor target, Tensor grad, int start, int n)
    {
        if (target.DType == DType.Float64)
        {
            var t = target.Span<double>().Slice(start, n);
            System.Numerics.Tensors.TensorPrimitives.Add(t, grad.Span<double>().Slice(start, n), t);
        }
        else
        {
            var t = target.Span<float>().Slice(start, n);
            System.Numerics.Tensors.TensorPrimitives.Add(t, grad.Span<float>().Slice(start, n), t);
        }
    }

    public Tensor? Peek(int index) => _grads[index];

    public void Set(int index, Tensor grad) => _grads[index] = grad;

    public void Clear(int count)
    {
        Array.Clear(_grads, 0, Math.Min(count, _grads.Length));
        Array.Clear(_owned, 0, Math.Min(count, _owned.Length));
    }
}
