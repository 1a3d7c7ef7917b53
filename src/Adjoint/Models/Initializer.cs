namespace Adjoint.Models;

/// <summary>How a layer draws the initial values of a weight matrix of fan-in <c>n_in</c> and fan-out <c>n_out</c>.</summary>
public enum Initializer
{
    /// <summary>Glorot (Xavier) uniform: U(−a, a) with a = √(6 / (n_in + n_out)) (Keras' default for Dense).</summary>
    GlorotUniform,

    /// <summary>He uniform: U(−a, a) with a = √(6 / n_in), for ReLU layers.</summary>
    HeUniform,

    /// <summary>He normal: N(0, 2 / n_in) (untruncated), for ReLU layers.</summary>
    HeNormal,

    /// <summary>All zeros.</summary>
    Zeros,
}
