namespace Adjoint.Calculus;

/// <summary>The dense output of one step, from <see cref="T0"/> to <see cref="T1"/>.</summary>
internal abstract class DenseSegment
{
    protected DenseSegment(double t0, double t1)
    {
        T0 = t0;
        T1 = t1;
    }

    /// <summary>The step's start.</summary>
    public double T0 { get; }

    /// <summary>The step's end.</summary>
    public double T1 { get; }

    /// <summary>Writes the first y.Length components of the interpolated state at <paramref name="t"/>.</summary>
    public abstract void Evaluate(double t, Span<double> y);
}
