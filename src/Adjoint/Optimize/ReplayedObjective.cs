using Adjoint.Autodiff;
using Adjoint.Autodiff.Replay;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;

namespace Adjoint.Optimize;

/// <summary>
/// A small tensor objective recorded once, with its gradient's backward pass, and replayed on fixed buffers
/// (<see cref="ReplayProgram{T}"/>): an evaluation then runs the recorded kernels only, without allocating, scoping or
/// recording anything.
/// </summary>
/// <remarks>
/// A recording stands for the objective only where it is accepted: every node replays (no value was read to the host
/// or detached while recording, so no branch of the caller's code can hide in it; comparisons and piecewise-constant
/// functions are recorded and follow the values), every tensor is below the size at which kernels split across cores or
/// every step at that size and above is part of a fused run (<see cref="ReplayFusion"/>, which splits chunks over the
/// cores itself), and the replayed value and gradient at the recorded point equal, bit for bit, the ones the tensor operations just
/// gave there. Otherwise the objective keeps the tensor route, unchanged.
/// </remarks>
internal sealed class ReplayedObjective
{
    /// <summary>
    /// The largest number of variables replayed unfused (larger objectives spend their time in kernels anyway); from
    /// <see cref="ReplayFusion.MinLength"/> on, objectives are replayed when their program is fused.
    /// </summary>
    private const int MaxVariables = 4096;

    /// <summary>Whether objectives are replayed (on by default; off to measure the tensor route alone).</summary>
    internal static bool Enabled { get; set; } = true;

    private readonly ReplayProgram<double>? _double;
    private readonly ReplayProgram<float>? _single;

    private ReplayedObjective(ReplayProgram<double>? d, ReplayProgram<float>? s)
    {
        _double = d;
        _single = s;
    }

    /// <summary>
    /// Records <paramref name="function"/> at <paramref name="x"/> in <paramref name="dtype"/> and returns its replay when
    /// it reproduces <paramref name="f"/> and <paramref name="gradient"/> (the tensor route's results at x) exactly; null
    /// otherwise.
    /// </summary>
    public static ReplayedObjective? TryRecord(Func<Tensor, Tensor> function, Shape shape, DType dtype, ReadOnlySpan<double> x, double f, ReadOnlySpan<double> gradient)
    {
        if ((x.Length > MaxVariables && x.Length < ReplayFusion.MinLength) || !double.IsFinite(f))
        {
            return null;
        }

        return dtype == DType.Float64
            ? Record<double>(function, shape, x, f, gradient) is { } d ? new ReplayedObjective(d, null) : null
            : Record<float>(function, shape, x, f, gradient) is { } s ? new ReplayedObjective(null, s) : null;
    }

    private static ReplayProgram<T>? Record<T>(Func<Tensor, Tensor> function, Shape shape, ReadOnlySpan<double> x, double f, ReadOnlySpan<double> gradient)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ReplayProgram<T>? program = null;
        using (TensorScope.Begin())
        {
            var tape = Tape.Enter();
            try
            {
                var xw = tape.Watch(Tensor.FromArray(x, shape, ReplayLowering<T>.DType));
                var y = function(xw);
                if (y.Size != 1)
                {
                    return null;
                }

                var g = tape.Gradient(y, [xw], null, createGraph: true)[0];
                bool large = false;
                for (int i = 0; i < tape.Count; i++)
                {
                    large |= tape.NodeAt(i).Output.Size >= ParallelKernels.MinElements;
                }

                program = ReplayProgram<T>.TryCreate(tape, [xw], y, g, uniformRows: false);
                if (large && program is { IsFused: false })
                {
                    // Long steps that are not fused would run on one core, slower than the tensor route.
                    program.Release();
                    return null;
                }
            }
            catch (Exception ex) when (ex is not StopSignal)
            {
                // The recording is an optimization: an objective that cannot be recorded keeps the tensor route.
                return null;
            }
            finally
            {
                tape.Exit();
            }
        }

        if (program is null)
        {
            return null;
        }

        var replayedGradient = new double[x.Length];
        double replayed = Run(program, x, replayedGradient);
        if (BitConverter.DoubleToInt64Bits(replayed) != BitConverter.DoubleToInt64Bits(f) || !SameBits(replayedGradient, gradient))
        {
            program.Release();
            return null;
        }

        return program;
    }

    private static bool SameBits(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            // Zeros of either sign are the same gradient.
            if (BitConverter.DoubleToInt64Bits(a[i]) != BitConverter.DoubleToInt64Bits(b[i]) && !(a[i] == 0 && b[i] == 0))
            {
                return false;
            }
        }

        return true;
    }

    private static double Run<T>(ReplayProgram<T> program, ReadOnlySpan<double> x, Span<double> gradient)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var source = program.Source;
        for (int i = 0; i < x.Length; i++)
        {
            source[i] = T.CreateTruncating(x[i]);
        }

        program.Run();
        var g = program.Gradient;
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] = double.CreateTruncating(g[i]);
        }

        return double.CreateTruncating(program.Output[0]);
    }

    /// <summary>The objective at <paramref name="x"/>, its gradient written into <paramref name="gradient"/>.</summary>
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient) =>
        _double is not null ? Run(_double, x, gradient) : Run(_single!, x, gradient);

    /// <summary>Gives the buffers back to the storage pool; the replay must not run afterwards.</summary>
    public void Release()
    {
        _double?.Release();
        _single?.Release();
    }
}
