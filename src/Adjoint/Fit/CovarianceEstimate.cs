namespace Adjoint.Fit;

/// <summary>
/// The covariance of fitted parameters with its diagnostics: standard errors, correlations, numerical rank,
/// singular values, condition number and which parameters the data do not identify.
/// </summary>
/// <remarks>Arrays compare by reference: do not rely on record equality.</remarks>
public sealed record CovarianceEstimate
{
    /// <summary>
    /// The n x n covariance matrix. Entries involving an unidentifiable parameter are +infinity on the diagonal and NaN
    /// elsewhere.
    /// </summary>
    public required double[,] Matrix { get; init; }

    /// <summary>The square roots of the diagonal (+infinity for unidentifiable parameters).</summary>
    public required double[] StandardErrors { get; init; }

    /// <summary>The correlation matrix (NaN in rows and columns of unidentifiable parameters).</summary>
    public required double[,] Correlation { get; init; }

    /// <summary>The numerical rank of the Jacobian: singular values of the column-scaled Jacobian above eps max(m, n) s_max count.</summary>
    public required int Rank { get; init; }

    /// <summary>The singular values of the Jacobian after scaling its columns to unit norm, largest first.</summary>
    public required double[] SingularValues { get; init; }

    /// <summary>
    /// The condition number of the column-scaled Jacobian (s_max / s_min; +infinity when rank deficient): about
    /// log10 of it is the number of digits the covariance loses to rounding, and large values mean strongly
    /// correlated parameters.
    /// </summary>
    public required double ConditionNumber { get; init; }

    /// <summary>Per parameter: true when the data do not determine it (it has a component in the Jacobian's null space).</summary>
    public required bool[] Unidentifiable { get; init; }

    /// <summary>Whether the Jacobian is rank deficient (some parameter combination is not identifiable).</summary>
    public bool IsRankDeficient => Rank < Unidentifiable.Length;

    /// <summary>A sentence when the covariance should not be trusted (rank deficiency, ill-conditioning, no degrees of freedom); null otherwise.</summary>
    public string? Warning { get; init; }
}
