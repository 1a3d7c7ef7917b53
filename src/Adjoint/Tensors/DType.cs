namespace Adjoint.Tensors;

/// <summary>The element type of a <see cref="Tensor"/>.</summary>
public enum DType
{
    /// <summary>IEEE 754 binary32 (<see cref="float"/>): half the memory and twice the SIMD width of float64.</summary>
    Float32,

    /// <summary>IEEE 754 binary64 (<see cref="double"/>): the default, and the precision of solver state.</summary>
    Float64,
}
