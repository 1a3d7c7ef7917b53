using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>Settings of <see cref="Quadrature.Quad(Func{Tensor, Tensor}, double, double, QuadOptions?)"/>, with scipy's names and defaults.</summary>
public sealed record QuadOptions
{
    /// <summary>The absolute error tolerance (scipy <c>epsabs</c>), default 1.49e-8. The run stops when the error estimate is at most <c>max(epsabs, epsrel |I|)</c>.</summary>
    public double AbsoluteTolerance { get; init; } = 1.49e-8;

    /// <summary>The relative error tolerance (scipy <c>epsrel</c>), default 1.49e-8. When <see cref="AbsoluteTolerance"/> is 0 it must be at least <c>max(50 eps, 5e-29)</c>.</summary>
    public double RelativeTolerance { get; init; } = 1.49e-8;

    /// <summary>The most intervals of the adaptive partition (scipy <c>limit</c>), default 50.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Points of difficulty inside the range where the first partition is split (scipy <c>points</c>,
    /// QUADPACK qagp); null for none. Points equal to an end are ignored; duplicates count once.</summary>
    public double[]? Points { get; init; }

    /// <summary>The dtype of the node tensors given to the integrand when the limits are numbers; default float64.
    /// In float32 the roundoff tests use float32's machine epsilon, so relative tolerances below about 1e-6 end in
    /// <see cref="QuadStatus.Roundoff"/>.</summary>
    public DType DType { get; init; } = DType.Float64;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is NaN or negative, both tolerances are too small, or the limit is below 1.</exception>
    /// <exception cref="ArgumentException">A point is not finite.</exception>
    public void Validate()
    {
        if (double.IsNaN(AbsoluteTolerance) || AbsoluteTolerance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(AbsoluteTolerance), AbsoluteTolerance, "QuadOptions.AbsoluteTolerance must be a number >= 0.");
        }

        if (double.IsNaN(RelativeTolerance) || RelativeTolerance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RelativeTolerance), RelativeTolerance, "QuadOptions.RelativeTolerance must be a number >= 0.");
        }

        double smallest = Math.Max(50 * Precision.MachineEpsilon(DType), 5e-29);
        if (AbsoluteTolerance <= 0 && RelativeTolerance < smallest)
        {
            throw new ArgumentOutOfRangeException(nameof(RelativeTolerance), RelativeTolerance, string.Create(CultureInfo.InvariantCulture,
                $"QuadOptions: with AbsoluteTolerance <= 0, RelativeTolerance must be at least {smallest:G3} (50 machine epsilons); both tolerances cannot be zero."));
        }

        if (Limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, "QuadOptions.Limit must be at least 1.");
        }

        if (Points is not null)
        {
            foreach (var p in Points)
            {
                if (!double.IsFinite(p))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"QuadOptions.Points holds {p}; points must be finite."), nameof(Points));
                }
            }
        }
    }
}
