namespace Adjoint.Optimize.Methods.Slsqp;

/// <summary>
/// The passive set with which the last large NNLS ended, kept between subproblems as the start of the next one: near a
/// solution the active constraints change little from one iterate to the next, and most of the columns entered one by
/// one from the empty set would enter again.
/// </summary>
/// <remarks>Used only from <see cref="Nnls.WarmStartColumns"/> rows on; small problems always start from the empty set.
/// The start changes the path of the active-set method, not its solution (the NNLS solution of a least distance
/// problem is unique).</remarks>
internal sealed class ActiveSetMemory
{
    /// <summary>The column count of the problem the set belongs to (a start is used only for the same count).</summary>
    public int Columns { get; set; } = -1;

    /// <summary>The passive columns at the end of the last solve, in the order of the factorization.</summary>
    public int[] Passive { get; set; } = [];
}
