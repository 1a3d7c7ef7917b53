using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>
/// A trainable tensor owned by a <see cref="Module"/>: its local name, its current value, and whether training moves it.
/// </summary>
/// <remarks>
/// The value is replaced, never mutated: training writes the solution back by assigning <see cref="Value"/>. While a
/// model objective evaluates, the value is temporarily the tensor the optimizer is differentiating with respect to.
/// </remarks>
public sealed class Parameter
{
    private Tensor _value;

    internal Parameter(string name, Tensor value)
    {
        Name = name;
        _value = value;
    }

    /// <summary>The name inside its module (for example <c>kernel</c>); the full name is the module path plus this.</summary>
    public string Name { get; }

    /// <summary>The current value.</summary>
    /// <exception cref="ArgumentException">The new value's shape differs from the parameter's.</exception>
    public Tensor Value
    {
        get => _value;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Shape != _value.Shape)
            {
                throw new ArgumentException($"Parameter '{Name}' has shape {_value.Shape}; the new value has shape {value.Shape}.", nameof(value));
            }

            _value = value;
        }
    }

    /// <summary>Whether training optimizes this parameter (Keras' <c>trainable</c>); default true.</summary>
    public bool Trainable { get; set; } = true;

    /// <summary>The shape.</summary>
    public Shape Shape => _value.Shape;

    /// <summary>The number of elements.</summary>
    public int Size => _value.Size;

    /// <summary>Replaces the value without the shape check (used while binding the optimizer's variables).</summary>
    internal void Bind(Tensor value) => _value = value;
}
