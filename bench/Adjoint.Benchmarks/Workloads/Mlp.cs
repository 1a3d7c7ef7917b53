using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Benchmarks.Workloads;

/// <summary>
/// The MLP workload of ../shared/ref/peers.py (<c>mlp_loss</c>): 32-64-64-1 with tanh, mean squared error over a
/// 10,000 x 32 batch, value and gradient with respect to all six weights and biases.
/// </summary>
/// <remarks>
/// Data as in <c>make_mlp_data</c>: X ~ N(0, 1), y = tanh(X w) + 0.1 N(0, 1); parameters as in <c>mlp_params</c>:
/// weights 0.1 N(0, 1), biases zero. The random streams differ from PyTorch's; shapes, dtypes and operations match.
/// </remarks>
public sealed class Mlp
{
    private readonly Func<Tensor[], Tensor> _loss;

    /// <summary>Rows in the batch.</summary>
    public const int Batch = 10_000;

    /// <summary>Creates the data and parameters in <paramref name="dtype"/>.</summary>
    public Mlp(DType dtype)
    {
        _loss = Loss;
        DType = dtype;
        X = Tensor.RandomNormal([Batch, 32], seed: 0, dtype: dtype);
        var w = Tensor.RandomNormal([32, 1], seed: 10, dtype: dtype);
        Y = Tensor.Tanh(X.MatMul(w)) + (0.1 * Tensor.RandomNormal([Batch, 1], seed: 11, dtype: dtype));
        Parameters =
        [
            0.1 * Tensor.RandomNormal([32, 64], seed: 1, dtype: dtype), Tensor.Zeros([64], dtype),
            0.1 * Tensor.RandomNormal([64, 64], seed: 2, dtype: dtype), Tensor.Zeros([64], dtype),
            0.1 * Tensor.RandomNormal([64, 1], seed: 3, dtype: dtype), Tensor.Zeros([1], dtype),
        ];
    }

    /// <summary>The precision of data, parameters and arithmetic.</summary>
    public DType DType { get; }

    /// <summary>Inputs, 10,000 x 32.</summary>
    public Tensor X { get; }

    /// <summary>Targets, 10,000 x 1.</summary>
    public Tensor Y { get; }

    /// <summary>W1 (32x64), b1 (64), W2 (64x64), b2 (64), W3 (64x1), b3 (1).</summary>
    public Tensor[] Parameters { get; }

    /// <summary>The loss mean((tanh(tanh(X W1 + b1) W2 + b2) W3 + b3 - y)^2).</summary>
    public Tensor Loss(Tensor[] ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var h = Tensor.Tanh(X.MatMul(ps[0]) + ps[1]);
        h = Tensor.Tanh(h.MatMul(ps[2]) + ps[3]);
        return (h.MatMul(ps[4]) + ps[5] - Y).Square().Mean();
    }

    /// <summary>One value+gradient evaluation; returns the value (the gradients live in the caller's scope).</summary>
    public double ValueAndGrad()
    {
        var (value, _) = Grad.ValueAndGrad(_loss, Parameters);
        return value.Item();
    }
}
