using Adjoint.Tensors.Kernels;

namespace Adjoint.Optimize.Methods.LBfgsB;

/// <summary>
/// The n-length scratch vectors of the Cauchy point and the subspace minimization, allocated once per run so that a
/// bounded iteration touches no fresh memory (at n = 10⁶ each vector is 8 MB).
/// </summary>
internal sealed class StepWorkspace(int n)
{
    /// <summary>The projected steepest-descent direction of the Cauchy search.</summary>
    public double[] Direction { get; } = FreshMemory.Doubles(n);

    /// <summary>The breakpoint of each variable along the path.</summary>
    public double[] Breakpoints { get; } = FreshMemory.Doubles(n);

    /// <summary>The variables with a finite breakpoint, sorted by it.</summary>
    public List<int> Order { get; } = [];

    /// <summary>Whether each variable is free at the Cauchy point.</summary>
    public bool[] Free { get; } = new bool[n];

    /// <summary>The reduced gradient r^c (zero at active variables).</summary>
    public double[] ReducedGradient { get; } = FreshMemory.Doubles(n);

    /// <summary>W times a 2k-vector.</summary>
    public double[] WProduct { get; } = FreshMemory.Doubles(n);

    /// <summary>The subspace step d^u.</summary>
    public double[] SubspaceStep { get; } = FreshMemory.Doubles(n);
}
