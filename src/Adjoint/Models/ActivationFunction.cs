namespace Adjoint.Models;

/// <summary>The elementwise nonlinearities a layer can apply.</summary>
public enum ActivationFunction
{
    /// <summary>The identity, f(x) = x.</summary>
    Linear,

    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>tanh(x).</summary>
    Tanh,

    /// <summary>1 / (1 + e^(−x)).</summary>
    Sigmoid,

    /// <summary>log(1 + eˣ).</summary>
    Softplus,

    /// <summary>
    /// GELU in its tanh approximation (Hendrycks and Gimpel 2016; PyTorch <c>approximate='tanh'</c>, Keras
    /// <c>approximate=True</c>): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). It differs from the exact x·Φ(x) by at
    /// most about 5e-4 in absolute value; the exact form needs erf, which the tensor operations do not provide.
    /// </summary>
    Gelu,
}
