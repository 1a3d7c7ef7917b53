namespace Adjoint.Statistics;

/// <summary>The first four moments of a distribution, scipy's <c>stats(moments="mvsk")</c>.</summary>
/// <param name="Mean">The mean (NaN or infinite where it does not exist, as scipy).</param>
/// <param name="Variance">The variance.</param>
/// <param name="Skewness">The skewness, E[(X - mean)^3] / sd^3.</param>
/// <param name="ExcessKurtosis">The excess (Fisher) kurtosis, E[(X - mean)^4] / sd^4 - 3.</param>
public sealed record DistributionMoments(double Mean, double Variance, double Skewness, double ExcessKurtosis);
