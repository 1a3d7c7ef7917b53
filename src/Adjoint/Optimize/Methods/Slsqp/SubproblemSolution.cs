namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>
/// The solution of min ½‖E x - f‖² subject to C x = d, G x ≥ h, l ≤ x ≤ u, with multipliers satisfying
/// Eᵀ(E x - f) = Cᵀλ_c + Gᵀλ_g + μ, λ_g ≥ 0, μᵢ ≥ 0 at an active lower bound and ≤ 0 at an active upper bound.
/// </summary>
/// <param name="Status">How the solve ended; the other members are meaningful only when <see cref="SubproblemStatus.Solved"/>.</param>
/// <param name="X">The minimizer.</param>
/// <param name="EqualityMultipliers">λ_c, one per row of C (the minimum-norm choice when rows of C are dependent).</param>
/// <param name="InequalityMultipliers">λ_g ≥ 0, one per row of G.</param>
/// <param name="BoundMultipliers">μ, one per variable (μ = λ_lower - λ_upper).</param>
internal sealed record SubproblemSolution(
    SubproblemStatus Status,
    double[] X,
    double[] EqualityMultipliers,
    double[] InequalityMultipliers,
    double[] BoundMultipliers);
