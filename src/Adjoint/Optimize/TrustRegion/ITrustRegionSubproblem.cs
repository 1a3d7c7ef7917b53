namespace Adjoint.Optimize.TrustRegion;

/// <summary>
/// A solver of the trust-region subproblem min_p m(p) = gᵀp + ½ pᵀBp subject to ‖p‖ ≤ Δ: the only part in which
/// dogleg, trust-ncg (Steihaug CG), trust-exact (Moré-Sorensen) and trust-krylov (GLTR) differ.
/// </summary>
/// <remarks>A new trust-region method is a <see cref="TrustRegionDriver{TOptions}"/> subclass returning its subproblem,
/// plus its options record and one <see cref="MethodRegistry"/> line.</remarks>
internal interface ITrustRegionSubproblem
{
    /// <summary>Whether <see cref="IHessianOperator.Dense"/> must be available (trust-exact, dogleg).</summary>
    bool NeedsDenseHessian { get; }

    /// <summary>Writes an (approximate) minimizer into <paramref name="step"/>.</summary>
    /// <param name="g">The gradient at the current point.</param>
    /// <param name="b">The Hessian operator at the current point.</param>
    /// <param name="radius">Δ.</param>
    /// <param name="step">The output p.</param>
    /// <returns>Whether p lies on the boundary ‖p‖ = Δ (the radius may then grow).</returns>
    bool Solve(ReadOnlySpan<double> g, IHessianOperator b, double radius, Span<double> step);
}
