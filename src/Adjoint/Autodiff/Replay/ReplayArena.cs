using System.Numerics;

namespace Adjoint.Autodiff.Replay;

/// <summary>A run of <see cref="Length"/> values at <see cref="Offset"/> in a <see cref="ReplayArena{T}"/>.</summary>
internal readonly record struct ReplaySlot(int Offset, int Length);

/// <summary>
/// The one array that holds every buffer of a <see cref="ReplayProgram{T}"/> (node outputs and constants), rented from
/// the tensor storage pool when the program is bound and given back when it is released, so that programs built one
/// after another reuse memory that is already mapped.
/// </summary>
/// <typeparam name="T">The element type of the program (float or double).</typeparam>
internal sealed class ReplayArena<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _values = [];

    /// <summary>The values of <paramref name="slot"/>.</summary>
    public Span<T> this[ReplaySlot slot] => _values.AsSpan(slot.Offset, slot.Length);

    /// <summary>The whole array (flat steps index it by slot offsets).</summary>
    public T[] Values => _values;

    /// <summary>Rents storage for <paramref name="length"/> values.</summary>
    public void Bind(int length) => _values = Tensors.StoragePool.Rent<T>(length);

    /// <summary>Gives the storage back to the pool; the program must not run afterwards.</summary>
    public void Release()
    {
        var values = _values;
        _values = [];
        Tensors.StoragePool.Return(values);
    }
}
