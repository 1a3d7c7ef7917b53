namespace Adjoint.Autodiff.Replay;

/// <summary>What a <see cref="ReplayStep{T}"/> computes; every kind but <see cref="Opaque"/> and <see cref="Fused"/> is elementwise or a full sum, so runs of them can be fused.</summary>
internal enum ReplayStepKind
{
    /// <summary>A step known only as a delegate (gathers, products, strided slices, broadcasts between shapes...).</summary>
    Opaque,

    /// <summary>out = f(a) elementwise with the operation's span kernel.</summary>
    Map,

    /// <summary>out = scale * a + shift (the affine map's kernel).</summary>
    Affine,

    /// <summary>out = a op b, operands of the output's length.</summary>
    BinarySame,

    /// <summary>out = a op b, a a single value.</summary>
    BinaryScalarLeft,

    /// <summary>out = a op b, b a single value.</summary>
    BinaryScalarRight,

    /// <summary>out = a, where a is a contiguous view (a slice that is an offset into its input, a reshape, one value of a uniform slot).</summary>
    Copy,

    /// <summary>out[0] = scale * (sum of a): a full reduction.</summary>
    Sum,

    /// <summary>out = 0, then each contiguous piece added into its range in order (a deferred sum of slice adjoints).</summary>
    SliceSum,

    /// <summary>A run of fusable steps executed chunk by chunk (<see cref="ReplayFusedRun{T}"/>).</summary>
    Fused,
}
