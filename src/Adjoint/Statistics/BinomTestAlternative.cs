namespace Adjoint.Statistics;

/// <summary>The alternative hypothesis of a binomial test, and the sidedness of its confidence interval (scipy's <c>alternative</c>).</summary>
public enum BinomTestAlternative
{
    /// <summary>scipy's "two-sided": the success probability differs from p; the interval bounds both ends.</summary>
    TwoSided,

    /// <summary>scipy's "less": the success probability is below p; the interval is [0, high].</summary>
    Less,

    /// <summary>scipy's "greater": the success probability is above p; the interval is [low, 1].</summary>
    Greater,
}
