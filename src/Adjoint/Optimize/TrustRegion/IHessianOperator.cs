namespace Adjoint.Optimize.TrustRegion;

/// <summary>The Hessian (or its approximation) at the current iterate, as subproblem solvers see it.</summary>
internal interface IHessianOperator
{
    /// <summary>The number of variables.</summary>
    int Dimension { get; }

    /// <summary>Writes B v into <paramref name="result"/> (one Hessian-vector product, or a dense product).</summary>
    void Multiply(ReadOnlySpan<double> v, Span<double> result);

    /// <summary>The dense row-major n·n matrix, for subproblems that factorize (null unless requested).</summary>
    double[]? Dense { get; }
}
