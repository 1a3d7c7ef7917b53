namespace Adjoint.Tensors;

/// <summary>
/// One axis of a slicing expression: a single position (which removes the axis), a range, or a range with a
/// step. Converts implicitly from <see cref="int"/>, <see cref="System.Index"/> and <see cref="System.Range"/>,
/// so <c>x[1..]</c>, <c>x[.., ^1]</c> and <c>x[0, TensorIndex.Step(0, null, 2)]</c> all work.
/// </summary>
public readonly record struct TensorIndex
{
    private TensorIndex(Index? single, Range range, int? start, int? stop, int step)
    {
        Single = single;
        Range = range;
        StepStart = start;
        StepStop = stop;
        StepSize = step;
    }

    internal Index? Single { get; }

    internal Range Range { get; }

    internal int? StepStart { get; }

    internal int? StepStop { get; }

    internal int StepSize { get; }

    /// <summary>The whole axis.</summary>
    public static TensorIndex All => new(null, System.Range.All, null, null, 1);

    /// <summary>Python's <c>start:stop:step</c>: null bounds default by the step's sign; negative bounds count from the end.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is zero.</exception>
    public static TensorIndex Step(int? start, int? stop, int step)
    {
        if (step == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), "A slice step cannot be zero.");
        }

        return new(null, default, start, stop, step);
    }

    /// <summary>A single position (removes the axis).</summary>
    public static implicit operator TensorIndex(int index) => new(index < 0 ? System.Index.FromEnd(-index) : System.Index.FromStart(index), default, null, null, 0);

    /// <summary>A single position (removes the axis).</summary>
    public static implicit operator TensorIndex(Index index) => new(index, default, null, null, 0);

    /// <summary>A contiguous range of positions (keeps the axis).</summary>
    public static implicit operator TensorIndex(Range range) => new(null, range, null, null, 1);

    /// <summary>A single position.</summary>
    public static TensorIndex FromInt32(int index) => index;

    /// <summary>A contiguous range.</summary>
    public static TensorIndex FromRange(Range range) => range;

    /// <summary>Resolves against an axis of length <paramref name="n"/>: (start, step, count, keepAxis).</summary>
    internal (int Start, int Step, int Count, bool Keep) Resolve(int n, int axis)
    {
        if (Single is Index s)
        {
            int i = s.GetOffset(n);
            if ((uint)i >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(axis), $"Index {s} is out of range for axis {axis} of length {n}.");
            }

            return (i, 1, 1, false);
        }

        if (StepSize == 1 && StepStart is null && StepStop is null)
        {
            int a = Math.Clamp(Range.Start.GetOffset(n), 0, n);
            int b = Math.Clamp(Range.End.GetOffset(n), 0, n);
            return (a, 1, Math.Max(0, b - a), true);
        }

        int step = StepSize;
        int start, stop;
        if (step > 0)
        {
            start = StepStart is int s0 ? Math.Clamp(s0 < 0 ? s0 + n : s0, 0, n) : 0;
            stop = StepStop is int e0 ? Math.Clamp(e0 < 0 ? e0 + n : e0, 0, n) : n;
            int count = stop > start ? ((stop - start + step - 1) / step) : 0;
            return (start, step, count, true);
        }
        else
        {
            start = StepStart is int s0 ? Math.Clamp(s0 < 0 ? s0 + n : s0, -1, n - 1) : n - 1;
            stop = StepStop is int e0 ? Math.Clamp(e0 < 0 ? e0 + n : e0, -1, n - 1) : -1;
            int count = start > stop ? ((start - stop - step - 1) / -step) : 0;
            return (start, step, count, true);
        }
    }
}
