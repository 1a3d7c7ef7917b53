namespace Adjoint.Autodiff.Replay;

/// <summary>A run of <see cref="Length"/> values at <see cref="Offset"/> in a <see cref="ReplayArena"/>.</summary>
internal readonly record struct ReplaySlot(int Offset, int Length);

/// <summary>
/// The one array that holds every buffer of a <see cref="ReplayProgram"/> (node outputs and constants), rented from the
/// tensor storage pool when the program is bound and given back when it is released, so that programs built one after
/// another reuse memory that is already mapped.
/// </summary>
internal sealed class ReplayArena
{
    private double[] _values = [];

    /// <summary>The values of <paramref name="slot"/>.</summary>
    public Span<double> this[ReplaySlot slot] => _values.AsSpan(slot.Offset, slot.Length);

    /// <summary>Rents storage for <paramref name="length"/> values.</summary>
    public void Bind(int length) => _values = Tensors.StoragePool.Rent<double>(length);

    /// <summary>Gives the storage back to the pool; the program must not run afterwards.</summary>
    public void Release()
    {
        var values = _values;
        _values = [];
        Tensors.StoragePool.Return(values);
    }
}
