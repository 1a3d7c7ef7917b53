using System.Collections;
using Adjoint.Tensors.Kernels;
using Adjoint.Tensors;

namespace Adjoint.Autodiff;

/// <summary>
/// An ordered set of named tensors (a "pytree" of parameters), such as <c>{ "U": 10x3, "V": 3x15 }</c>, that
/// flattens to one vector and back with names and shapes kept.
/// </summary>
/// <example><code>
/// var p = new Variables { ["U"] = Tensor.Zeros([10, 3]), ["V"] = Tensor.Zeros([3, 15]) };
/// double[] flat = p.Flatten();          // 75 numbers, U first
/// var q = p.Unflatten(flat);            // same names and shapes
/// </code></example>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "'Variables' is the domain term (the named variables of an objective).")]
public sealed class Variables : IReadOnlyDictionary<string, Tensor>
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);

    /// <summary>An empty set; add entries with the indexer or <see cref="Add"/>.</summary>
    public Variables()
    {
    }

    /// <summary>The names in insertion order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The number of named tensors.</summary>
    public int Count => _names.Count;

    /// <summary>The total number of elements over all tensors.</summary>
    public int TotalSize
    {
        get
        {
            int n = 0;
            foreach (var name in _names)
            {
                n += _tensors[name].Size;
            }

            return n;
        }
    }

    /// <summary>The tensors in name order.</summary>
    public IEnumerable<Tensor> Values
    {
        get
        {
            foreach (var name in _names)
            {
                yield return _tensors[name];
            }
        }
    }

    IEnumerable<string> IReadOnlyDictionary<string, Tensor>.Keys => _names;

    /// <summary>Gets or sets a tensor by name; setting a new name appends it.</summary>
    public Tensor this[string name]
    {
        get => _tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"No variable named '{name}'. Known: {string.Join(", ", _names)}.");
        set
        {
            ArgumentNullException.ThrowIfNull(name);
            ArgumentNullException.ThrowIfNull(value);
            if (!_tensors.ContainsKey(name))
            {
                _names.Add(name);
            }

            _tensors[name] = value;
        }
    }

    /// <summary>Appends a named tensor.</summary>
    /// <exception cref="ArgumentException">The name is already present.</exception>
    public void Add(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tensor);
        if (_tensors.ContainsKey(name))
        {
            throw new ArgumentException($"A variable named '{name}' already exists.", nameof(name));
        }

        _names.Add(name);
        _tensors[name] = tensor;
    }

    internal static Variables FromPairs(IReadOnlyList<string> names, IReadOnlyList<Tensor> tensors)
    {
        var v = new Variables();
        for (int i = 0; i < names.Count; i++)
        {
            v._names.Add(names[i]);
            v._tensors[names[i]] = tensors[i];
        }

        return v;
    }

    /// <summary>The offset of each name's elements in the flat vector.</summary>
    public int OffsetOf(string name)
    {
        int off = 0;
        foreach (var n in _names)
        {
            if (n == name)
            {
                return off;
            }

            off += _tensors[n].Size;
        }

        throw new KeyNotFoundException($"No variable named '{name}'.");
    }

    /// <summary>All elements, in name order then row-major order, as float64.</summary>
    public double[] Flatten()
    {
        var r = FreshMemory.Doubles(TotalSize);
        FlattenInto(r);
        return r;
    }

    /// <summary>Writes all elements into <paramref name="destination"/> (length <see cref="TotalSize"/>).</summary>
    public void FlattenInto(Span<double> destination)
    {
        if (destination.Length != TotalSize)
        {
            throw new ArgumentException($"Flatten: destination has {destination.Length} elements, the variables {TotalSize}.", nameof(destination));
        }

        int off = 0;
        foreach (var name in _names)
        {
            var t = _tensors[name];
            t.CopyTo(destination.Slice(off, t.Size));
            off += t.Size;
        }
    }

    /// <summary>Tensors with this set's names, shapes and dtypes, filled from a flat vector.</summary>
    /// <exception cref="ArgumentException">The vector's length differs from <see cref="TotalSize"/>.</exception>
    public Variables Unflatten(ReadOnlySpan<double> flat)
    {
        if (flat.Length != TotalSize)
        {
            throw new ArgumentException($"Unflatten: {flat.Length} values for variables of {TotalSize} elements ({Describe()}).", nameof(flat));
        }

        var v = new Variables();
        int off = 0;
        foreach (var name in _names)
        {
            var t = _tensors[name];
            v._names.Add(name);
            v._tensors[name] = Tensor.FromArray(flat.Slice(off, t.Size), t.Shape, t.DType);
            off += t.Size;
        }

        return v;
    }

    /// <summary>Names with shapes, e.g. <c>U (10, 3), V (3, 15)</c>.</summary>
    public string Describe() => string.Join(", ", _names.Select(n => $"{n} {_tensors[n].Shape}"));

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _tensors.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Tensor value) => _tensors.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator()
    {
        foreach (var name in _names)
        {
            yield return new KeyValuePair<string, Tensor>(name, _tensors[name]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
