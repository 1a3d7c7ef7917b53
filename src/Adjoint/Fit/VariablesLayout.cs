using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Fit;

/// <summary>
/// Maps a flat parameter tensor, shaped [n] or [n, k] (k trailing copies), to named <see cref="Variables"/> with
/// differentiable slices, so a function of named tensors can be differentiated as a function of one vector.
/// </summary>
internal sealed class VariablesLayout
{
    private readonly string[] _names;
    private readonly Shape[] _shapes;
    private readonly int[] _offsets;
    private readonly int[] _sizes;

    public VariablesLayout(Variables template)
    {
        _names = [.. template.Names];
        _shapes = new Shape[_names.Length];
        _offsets = new int[_names.Length];
        _sizes = new int[_names.Length];
        int off = 0;
        for (int i = 0; i < _names.Length; i++)
        {
            var t = template[_names[i]];
            _shapes[i] = t.Shape;
            _offsets[i] = off;
            _sizes[i] = t.Size;
            off += t.Size;
        }

        TotalSize = off;
    }

    public int TotalSize { get; }

    /// <summary>Element names: the variable's name for a scalar, name[i] (flat index) otherwise.</summary>
    public string[] ElementNames()
    {
        var r = new List<string>(TotalSize);
        for (int i = 0; i < _names.Length; i++)
        {
            if (_shapes[i].Rank == 0)
            {
                r.Add(_names[i]);
            }
            else
            {
                for (int k = 0; k < _sizes[i]; k++)
                {
                    r.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_names[i]}[{k}]"));
                }
            }
        }

        return [.. r];
    }

    public Variables Split(Tensor flat)
    {
        var tensors = new Tensor[_names.Length];
        bool batched = flat.Rank == 2;
        for (int i = 0; i < _names.Length; i++)
        {
            if (_shapes[i].Rank == 0)
            {
                tensors[i] = flat[_offsets[i]];
            }
            else
            {
                var slice = flat[_offsets[i]..(_offsets[i] + _sizes[i])];
                var dims = _shapes[i].Dims.ToArray();
                tensors[i] = batched ? slice.Reshape([.. dims, flat.Shape.Dims[1]]) : slice.Reshape(dims);
            }
        }

        return Variables.FromPairs(_names, tensors);
    }

    public Variables Unflatten(double[] x)
    {
        var tensors = new Tensor[_names.Length];
        for (int i = 0; i < _names.Length; i++)
        {
            tensors[i] = Tensor.FromArray(x.AsSpan(_offsets[i], _sizes[i]), _shapes[i], DType.Float64);
        }

        return Variables.FromPairs(_names, tensors);
    }
}
