using Adjoint.Optimize.Constraints;

namespace Adjoint.Optimize.Methods.Cobyla;

/// <summary>The state of one COBYLA run: the engine (simplex, models, ρ, μ) and the map from the problem to its rows.</summary>
internal sealed class CobylaState : MethodState
{
    /// <summary>Allocates the state of a problem of <paramref name="n"/> variables.</summary>
    public CobylaState(int n)
        : base(n, hasGradient: false)
    {
    }

    /// <summary>The engine, or null when every variable is fixed by its bounds.</summary>
    public CobylaEngine? Engine { get; set; }

    /// <summary>The variables the engine moves (those whose bounds do not fix them), in order.</summary>
    public int[] Free { get; set; } = [];

    /// <summary>The full point the engine's points are written into (fixed variables keep their value).</summary>
    public double[] Full { get; set; } = [];

    /// <summary>The constraints, or null.</summary>
    public ConstraintSet? Set { get; set; }

    /// <summary>The rows the engine sees, each g = Sign·(c_Row - Bound) >= 0; an equality gives two, of signs +1 and -1.</summary>
    public StandardRow[] Rows { get; set; } = [];

    /// <summary>The constraint values c(x) of the last evaluation, one per row of <see cref="Set"/>.</summary>
    public double[] Values { get; set; } = [];

    /// <summary>A stop found while initializing (a NaN at a vertex of the first simplex), returned by the first step.</summary>
    public StepOutcome? Pending { get; set; }

    /// <summary>f at x0 (the first evaluation), NaN before it.</summary>
    public double StartValue { get; set; } = double.NaN;

    /// <summary>The greatest constraint violation at x0.</summary>
    public double StartViolation { get; set; }

    /// <summary>ρ_end of this run.</summary>
    public double FinalRadius { get; set; }

    /// <summary>The current trust-region radius ρ (ρ_end after the run).</summary>
    public double Radius => Engine?.Rho ?? FinalRadius;

    /// <summary>The penalty parameter μ of the merit function f + μ·(max violation).</summary>
    public double Penalty => Engine?.Penalty ?? 0;

    /// <inheritdoc/>
    public override string? IterationNote =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rho {Radius:G3}  penalty {Penalty:G3}");
}
