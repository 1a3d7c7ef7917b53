using Adjoint.Autodiff;

namespace Adjoint.Optimize.Constraints;

/// <summary>
/// Box constraints lower &lt;= x &lt;= upper: one pair for every element, a <see cref="Bound"/> per named variable,
/// or per element. Variables without an entry are unbounded. Null or ±infinity means unbounded.
/// </summary>
/// <example><code>
/// var everything = Bounds.All(null, 0);                                  // x &lt;= 0
/// var perVariable = new Bounds { ["U"] = (null, 0.0), ["V"] = (-1.0, null) };
/// var perElement = new Bounds { ["x"] = Bound.Elementwise([0, -1], [1, 1]) };
/// var scipyPairs = Bounds.FromPairs((0, null), (null, 1));              // scipy bounds=[(0, None), (None, 1)]
/// Bounds converted = new (double?, double?)[] { (0, null), (null, 1) };
/// </code></example>
/// <remarks>lower &gt; upper throws <see cref="ArgumentOutOfRangeException"/> naming the variable when the problem is set up.</remarks>
public sealed class Bounds
{
    private readonly Dictionary<string, Bound> _perVariable = new(StringComparer.Ordinal);
    private Bound? _all;
    private int? _pairCount;

    /// <summary>An empty set (unbounded); add per-variable entries with the indexer.</summary>
    public Bounds()
    {
    }

    /// <summary>The same (lower, upper) pair for every element of every variable.</summary>
    public static Bounds All(double? lower, double? upper)
    {
        if (lower is { } l && upper is { } u && l > u)
        {
            throw new ArgumentOutOfRangeException(nameof(lower), $"Bounds: lower {l} exceeds upper {u}.");
        }

        return new Bounds { _all = Bound.Scalar(lower, upper) };
    }

    /// <summary>Per-element bounds over the flat vector of all variables (in variable order).</summary>
    public static Bounds Elementwise(double[]? lower, double[]? upper) => new() { _all = Bound.Elementwise(lower, upper) };

    /// <summary>
    /// One (lower, upper) pair per element of the flat vector of all variables, in variable order: scipy's
    /// <c>bounds=[(0, None), (None, 1)]</c>, with null for None.
    /// </summary>
    /// <param name="pairs">One pair per element; null or ±infinity means unbounded on that side.</param>
    /// <remarks>The number of pairs must equal the number of elements of x0; otherwise setting up the problem throws
    /// <see cref="ArgumentException"/> giving both counts.</remarks>
    public static Bounds FromPairs(params (double? Lower, double? Upper)[] pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var lower = new double[pairs.Length];
        var upper = new double[pairs.Length];
        for (int i = 0; i < pairs.Length; i++)
        {
            lower[i] = pairs[i].Lower ?? double.NegativeInfinity;
            upper[i] = pairs[i].Upper ?? double.PositiveInfinity;
            if (lower[i] > upper[i])
            {
                throw new ArgumentOutOfRangeException(nameof(pairs), $"Bounds pair {i}: lower {lower[i]} exceeds upper {upper[i]}.");
            }
        }

        return new Bounds { _all = Bound.Elementwise(lower, upper), _pairCount = pairs.Length };
    }

    /// <summary>One (lower, upper) pair per element, as <see cref="FromPairs"/> (scipy's list of pairs).</summary>
    /// <param name="pairs">One pair per element; null or ±infinity means unbounded on that side.</param>
    public static implicit operator Bounds((double? Lower, double? Upper)[] pairs) => FromPairs(pairs);

    /// <summary>The bound of one named variable (for a single-tensor objective the name is "x").</summary>
    public Bound this[string name]
    {
        get => _perVariable.TryGetValue(name, out var b) ? b : throw new KeyNotFoundException($"No bound for '{name}'.");
        set
        {
            ArgumentNullException.ThrowIfNull(name);
            ArgumentNullException.ThrowIfNull(value);
            _perVariable[name] = value;
        }
    }

    /// <summary>Flat lower and upper arrays for variables laid out as <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">A name is unknown or an array has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A lower bound exceeds its upper bound.</exception>
    internal (double[] Lower, double[] Upper) Resolve(Variables layout)
    {
        int n = layout.TotalSize;
        var lower = new double[n];
        var upper = new double[n];
        lower.AsSpan().Fill(double.NegativeInfinity);
        upper.AsSpan().Fill(double.PositiveInfinity);
        if (_pairCount is { } count && count != n)
        {
            throw new ArgumentException(
                $"Bounds: {count} (lower, upper) pairs for {n} elements of x0 ({layout.Describe()}); give one pair per element.", nameof(layout));
        }

        if (_all is not null)
        {
            if (_all.LowerElements is not null || _all.UpperElements is not null)
            {
                _all.Fill(lower, upper, "all variables");
            }
            else
            {
                foreach (var name in layout.Names)
                {
                    int off = layout.OffsetOf(name);
                    int size = layout[name].Size;
                    _all.Fill(lower.AsSpan(off, size), upper.AsSpan(off, size), name);
                }
            }
        }

        foreach (var (name, bound) in _perVariable)
        {
            if (!layout.ContainsKey(name))
            {
                throw new ArgumentException($"Bounds name '{name}', which is not a variable ({layout.Describe()}).", nameof(layout));
            }

            int off = layout.OffsetOf(name);
            int size = layout[name].Size;
            bound.Fill(lower.AsSpan(off, size), upper.AsSpan(off, size), name);
        }

        return (lower, upper);
    }
}
