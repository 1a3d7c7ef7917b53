namespace Adjoint.Autodiff;

/// <summary>A region in which operations are not recorded, even on tracked tensors. Obtain it from <see cref="Grad.NoGrad"/>.</summary>
public readonly struct NoGradScope : IDisposable
{
    private readonly Tape? _tape;
    private readonly bool _wasEnabled;

    internal NoGradScope(Tape? tape)
    {
        _tape = tape;
        _wasEnabled = tape?.Enabled ?? false;
        if (tape is not null)
        {
            tape.Enabled = false;
        }
    }

    /// <summary>Restores recording as it was.</summary>
    public void Dispose()
    {
        if (_tape is not null)
        {
            _tape.Enabled = _wasEnabled;
        }
    }
}
