namespace Adjoint.Statistics;

/// <summary>How a confidence interval for a binomial proportion k/n is computed.</summary>
/// <remarks>
/// With alpha = 1 - level and z the normal quantile (z = Phi^-1(1 - alpha/2) two-sided, Phi^-1(level) one-sided):
/// <para>References: Clopper &amp; Pearson (1934); Wilson (1927); Newcombe (1998), Two-sided confidence intervals for
/// the single proportion, Statistics in Medicine 17, methods 3 and 4; Agresti &amp; Coull (1998), Approximate is better
/// than "exact"; Brown, Cai &amp; DasGupta (2001), Interval estimation for a binomial proportion.</para>
/// </remarks>
public enum BinomialIntervalMethod
{
    /// <summary>
    /// scipy's "exact" (Clopper-Pearson): low = B^-1(alpha/2; k, n - k + 1), high = B^-1(1 - alpha/2; k + 1, n - k) with
    /// B^-1 the beta quantile, and low = 0 at k = 0, high = 1 at k = n. Never below the nominal coverage.
    /// </summary>
    ClopperPearson,

    /// <summary>
    /// scipy's "wilson" (score interval): centre (2 k + z^2) / (2 (n + z^2)), half-width z sqrt(4 n p q + z^2) /
    /// (2 (n + z^2)) with p = k/n, q = 1 - p; low = 0 at k = 0 and high = 1 at k = n.
    /// </summary>
    Wilson,

    /// <summary>
    /// scipy's "wilsoncc" (score interval with continuity correction, Newcombe's method 4): low = centre - (1 + z
    /// sqrt(z^2 - 2 - 1/n + 4 p (n q + 1))) / (2 (n + z^2)), high = centre + (1 + z sqrt(z^2 + 2 - 1/n + 4 p (n q - 1)))
    /// / (2 (n + z^2)); low = 0 at k = 0 and high = 1 at k = n.
    /// </summary>
    WilsonContinuityCorrected,

    /// <summary>
    /// statsmodels' "agresti_coull": with n~ = n + z^2 and p~ = (k + z^2/2) / n~, the interval p~ -+ z sqrt(p~ (1 - p~)
    /// / n~), clipped to [0, 1].
    /// </summary>
    AgrestiCoull,

    /// <summary>
    /// statsmodels' "jeffreys": the equal-tailed interval of the Beta(k + 1/2, n - k + 1/2) posterior of the Jeffreys
    /// prior, B^-1(alpha/2; k + 1/2, n - k + 1/2) to B^-1(1 - alpha/2; k + 1/2, n - k + 1/2) (as statsmodels, without
    /// Brown et al.'s fix of low = 0 at k = 0 and high = 1 at k = n).
    /// </summary>
    Jeffreys,
}
