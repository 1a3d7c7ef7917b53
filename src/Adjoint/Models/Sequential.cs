using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>A chain of modules, each fed the previous one's output (Keras' <c>Sequential</c>).</summary>
/// <remarks>
/// Layers added without a name are named as Keras names them within one model: the type's snake-case name, then
/// <c>_1</c>, <c>_2</c>, ... for later layers of the same type (<c>dense</c>, <c>dense_1</c>), so parameters are
/// <c>dense/kernel</c>, <c>dense_1/kernel</c>, and so on.
/// </remarks>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    /// <summary>A chain of <paramref name="layers"/>, named automatically.</summary>
    public Sequential(params Module[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <summary>Appends a layer and returns this model.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="name">Its name; null takes the next automatic one.</param>
    /// <exception cref="ArgumentException">The name is taken or the layer is already in this model.</exception>
    public Sequential Add(Module layer, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_layers.Contains(layer))
        {
            throw new ArgumentException("The layer is already part of this model; create a new instance.", nameof(layer));
        }

        if (name is null)
        {
            string baseName = layer.DefaultName;
            name = baseName;
            for (int k = 1; IsNameTaken(name); k++)
            {
                name = $"{baseName}_{k}";
            }
        }

        RegisterModule(name, layer);
        _layers.Add(layer);
        return this;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x)
    {
        foreach (var layer in _layers)
        {
            x = layer.Call(x);
        }

        return x;
    }
}
