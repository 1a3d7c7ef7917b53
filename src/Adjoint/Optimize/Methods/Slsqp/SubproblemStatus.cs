namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>How a least-squares subproblem of SLSQP ended (Kraft's LSQ modes).</summary>
internal enum SubproblemStatus
{
    /// <summary>Solved (Kraft mode 1).</summary>
    Solved,

    /// <summary>The constraints admit no solution (Kraft mode 4, "incompatible").</summary>
    Incompatible,

    /// <summary>NNLS stopped at its iteration cap of 3 times the number of unknowns (Kraft mode 3).</summary>
    IterationLimit,

    /// <summary>The least-squares matrix E restricted to the free directions is numerically singular (Kraft mode 5).</summary>
    SingularE,
}
