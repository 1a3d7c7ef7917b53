using System.Numerics;

namespace Adjoint.Tensors;

/// <summary>
/// Machine constants of a floating-point type, the base of every default tolerance and finite-difference step.
/// </summary>
/// <remarks>
/// <see cref="MachineEpsilon"/> is the distance from 1 to the next representable number (2^-52 for
/// <see cref="double"/>, 2^-23 for <see cref="float"/>). It is not <c>T.Epsilon</c> (<see cref="double.Epsilon"/>),
/// which is the smallest positive subnormal number and useless as a relative tolerance.
/// </remarks>
/// <typeparam name="T">The floating-point type.</typeparam>
public static class Precision<T>
    where T : IFloatingPointIeee754<T>
{
    /// <summary>The gap between 1 and the next larger representable number.</summary>
    public static T MachineEpsilon { get; } = T.BitIncrement(T.One) - T.One;

    /// <summary>The square root of <see cref="MachineEpsilon"/>: the relative step of forward differences.</summary>
    public static T SqrtEpsilon { get; } = T.Sqrt(MachineEpsilon);

    /// <summary>The cube root of <see cref="MachineEpsilon"/>: the relative step of central differences.</summary>
    public static T CbrtEpsilon { get; } = T.Cbrt(MachineEpsilon);
}

/// <summary>Machine constants of a <see cref="DType"/> chosen at run time, as float64 numbers.</summary>
public static class Precision
{
    /// <summary>The machine epsilon of <paramref name="dtype"/> (2^-23 for float32, 2^-52 for float64).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown dtype.</exception>
    public static double MachineEpsilon(DType dtype) => dtype switch
    {
        DType.Float32 => Precision<float>.MachineEpsilon,
        DType.Float64 => Precision<double>.MachineEpsilon,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>Rounds <paramref name="value"/> to the nearest number representable in <paramref name="dtype"/>.</summary>
    public static double Round(double value, DType dtype) => dtype == DType.Float32 ? (float)value : value;
}
