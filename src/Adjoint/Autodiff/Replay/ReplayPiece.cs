namespace Adjoint.Autodiff.Replay;

/// <summary>
/// One contiguous piece of a <see cref="ReplayStepKind.SliceSum"/> step: the values of <see cref="Values"/> (one value
/// standing for all when it holds one and <see cref="Count"/> is larger) added into <see cref="Count"/> elements of the
/// sum from <see cref="Offset"/>.
/// </summary>
internal readonly record struct ReplayPiece(ReplaySlot Values, int Offset, int Count)
{
    /// <summary>Whether one value stands for all <see cref="Count"/>.</summary>
    public bool Uniform => Values.Length == 1 && Count > 1;
}
