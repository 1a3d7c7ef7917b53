using System.Globalization;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>The state of one SLSQP run: the iterate with its constraint values and Jacobian, the LDLᵀ factor of the
/// Lagrangian Hessian approximation, the penalty weights and the quadratic subproblem solved at the iterate.</summary>
internal sealed class SlsqpState : MethodState
{
    /// <summary>Allocates the buffers for n variables, m constraint rows and the standard-form rows.</summary>
    public SlsqpState(int n, int m, int equalities, int inequalities)
        : base(n, hasGradient: true)
    {
        Values = FreshMemory.Doubles(m);
        Jacobian = FreshMemory.Doubles(m * n);
        Equalities = equalities;
        Inequalities = inequalities;
        int ms = equalities + inequalities;
        Standard = FreshMemory.Doubles(ms);
        StandardJacobian = FreshMemory.Doubles(ms * n);
        Penalty = FreshMemory.Doubles(ms);
        Nu = FreshMemory.Doubles(ms);
        BoundNu = FreshMemory.Doubles(n);
        Direction = FreshMemory.Doubles(n);
        LagrangianGradient = FreshMemory.Doubles(n);
        Factor = new LdlFactor(n);
    }

    /// <summary>c(x), one per constraint row.</summary>
    public double[] Values { get; }

    /// <summary>The constraint Jacobian at X, m × n row-major.</summary>
    public double[] Jacobian { get; }

    /// <summary>The number of standard-form equality rows (first in <see cref="Standard"/>).</summary>
    public int Equalities { get; }

    /// <summary>The number of standard-form inequality rows (after the equalities).</summary>
    public int Inequalities { get; }

    /// <summary>Standard-form values g(x): gⱼ = 0 for equalities, gⱼ ≥ 0 for inequalities.</summary>
    public double[] Standard { get; }

    /// <summary>∇g, row-major.</summary>
    public double[] StandardJacobian { get; }

    /// <summary>Kraft's penalty weights of the L1 merit function, one per standard row.</summary>
    public double[] Penalty { get; }

    /// <summary>The subproblem's multipliers ν (Kraft's convention ∇f ≈ Σ νⱼ∇gⱼ + bound terms, ν ≥ 0 on inequalities).</summary>
    public double[] Nu { get; }

    /// <summary>The subproblem's bound multipliers (positive at an active lower bound).</summary>
    public double[] BoundNu { get; }

    /// <summary>The subproblem's step d from X.</summary>
    public double[] Direction { get; }

    /// <summary>∇f - Σ νⱼ∇gⱼ at X with the current ν (Kraft's v, the old half of the BFGS difference y).</summary>
    public double[] LagrangianGradient { get; }

    /// <summary>B = L D Lᵀ, the Lagrangian Hessian approximation.</summary>
    public LdlFactor Factor { get; }

    /// <summary>The elimination of the equality rows of the last plain subproblem, reused while their Jacobian is unchanged.</summary>
    public EqualityBasis EqualityBasis { get; } = new();

    /// <summary>The factor of B reduced to the null space of the equality rows, kept through the BFGS updates of B.</summary>
    public ReducedHessian Reduced { get; } = new();

    /// <summary>The NNLS passive set of the last plain subproblem, the start of the next one in large problems.</summary>
    public ActiveSetMemory ActiveSet { get; } = new();

    /// <summary>How the last subproblem ended.</summary>
    public SubproblemStatus QpStatus { get; set; }

    /// <summary>Whether the last subproblem was the relaxed one (the linearized constraints were incompatible).</summary>
    public bool Relaxed { get; set; }

    /// <summary>1 - δ, the share of the linearized constraint violation the step removes (1 without relaxation).</summary>
    public double H4 { get; set; } = 1;

    /// <summary>The first constraint row whose value or Jacobian row is not finite at X, or -1.</summary>
    public int NonFiniteRow { get; set; } = -1;

    /// <summary>Consecutive iterations on which Kraft's stopping test held while the first-order test did not.</summary>
    public int KraftStalls { get; set; }

    /// <inheritdoc/>
    public override string? IterationNote => string.Create(CultureInfo.InvariantCulture,
        $"violation {ConstraintViolation:E2}{(Relaxed ? string.Create(CultureInfo.InvariantCulture, $" relaxed (1-δ {H4:G3})") : "")}{(Resets > 0 ? $" resets {Resets}" : "")}");

    /// <summary>How many times B was reset to the identity after a positive directional derivative (Kraft allows 5).</summary>
    public int Resets { get; set; }
}
