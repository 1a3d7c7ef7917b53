using Adjoint.Tensors;

namespace Adjoint.Autodiff;

/// <summary>
/// A user-defined operation with its own derivative rule, like PyTorch's <c>torch.autograd.Function</c>: for a
/// computation that is faster or more stable written directly, or that calls code the tape cannot see.
/// </summary>
/// <remarks>
/// <see cref="Forward"/> runs without recording. <see cref="Backward"/> receives the upstream gradient and returns
/// one vector-Jacobian product per input; when it is written with tensor operations it is itself recorded during
/// a create-graph pass, so second derivatives work as for built-in operations.
/// <example><code>
/// sealed class Cube : DifferentiableFunction
/// {
///     protected override Tensor Forward(IReadOnlyList&lt;Tensor&gt; x) =&gt; x[0] * x[0] * x[0];
///     protected override Tensor?[] Backward(IReadOnlyList&lt;Tensor&gt; x, Tensor y, Tensor g) =&gt; [3 * g * x[0].Square()];
/// }
/// var y = new Cube().Apply(x);
/// </code></example>
/// </remarks>
public abstract class DifferentiableFunction
{
    /// <summary>Computes the output from the inputs (not recorded).</summary>
    protected abstract Tensor Forward(IReadOnlyList<Tensor> inputs);

    /// <summary>
    /// The gradient with respect to each input, given the upstream gradient <paramref name="grad"/> (shaped like
    /// <paramref name="output"/>). Return null for an input that gets no gradient.
    /// </summary>
    protected abstract Tensor?[] Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor grad);

    /// <summary>Runs the operation, recording it when any input is tracked.</summary>
    /// <exception cref="ArgumentException">No inputs were given.</exception>
    public Tensor Apply(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0)
        {
            throw new ArgumentException("A DifferentiableFunction needs at least one input.", nameof(inputs));
        }

        Tensor output;
        using (Grad.NoGrad())
        {
            output = Forward(inputs) ?? throw new InvalidOperationException($"{GetType().Name}.Forward returned null.");
        }

        var tape = Tape.Recording;
        if (tape is not null && Array.Exists(inputs, t => t.Node is { } n && n.Tape == tape))
        {
            var result = output.Detach();
            tape.Record(new FunctionNode(this, (Tensor[])inputs.Clone()), result);
            return result;
        }

        return output;
    }

    private sealed class FunctionNode(DifferentiableFunction function, Tensor[] inputs) : Node
    {
        public override void Backward(Tensor g, GradientSink sink)
        {
            var grads = function.Backward(inputs, Output, g)
                ?? throw new InvalidOperationException($"{function.GetType().Name}.Backward returned null.");
            if (grads.Length != inputs.Length)
            {
                throw new InvalidOperationException($"{function.GetType().Name}.Backward returned {grads.Length} gradients for {inputs.Length} inputs.");
            }

            for (int i = 0; i < inputs.Length; i++)
            {
                if (grads[i] is { } gi)
                {
                    if (gi.Shape != inputs[i].Shape)
                    {
                        throw new InvalidOperationException(
                            $"{function.GetType().Name}.Backward: gradient {i} has shape {gi.Shape}, its input {inputs[i].Shape}.");
                    }

                    sink.Add(inputs[i], gi);
                }
            }
        }
    }
}
