using System.Numerics;
using Adjoint.Autodiff;
using Adjoint.Autodiff.Replay;
using Adjoint.Tensors;
using Adjoint.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Adjoint.Calculus;

/// <summary>
/// The right-hand side f(t, y, p) recorded once and replayed on fixed buffers (<see cref="ReplayProgram{T}"/>): a stage
/// evaluation writes y into the program's source and runs the recorded kernels, without allocating, scoping or taping.
/// With <see cref="HasJacobian"/>, the backward pass of a seeded vector-Jacobian product w -> (J_y^T w, J_p^T w) was
/// recorded too (create-graph), so that row i of J_y = df/dy and of J_p = df/dp is one backward replay with w = e_i.
/// </summary>
/// <remarks>
/// <para>The program's sources are y, p (when given) and the seed w; the time is not one: f receives t as a number, so
/// whatever f computes from t is frozen in the recording. <see cref="OdeRhs"/> therefore trusts a program only after it
/// reproduced fresh tensor evaluations bit for bit at the recording point and at other times of the span, and keeps
/// comparing one evaluation in <see cref="OdeRhs.VerifyInterval"/> during the solve.</para>
/// <para>The engine's replay API offers one gradient output per program; the two gradients are joined into one vector
/// [J_y^T w, J_p^T w] by a recorded concatenation, the adapter this file needs (a program with several gradient outputs,
/// or with a scalar time source that f could read, would let the engine serve it directly).</para>
/// </remarks>
internal abstract class OdeReplay
{
    /// <summary>Whether the backward pass (the Jacobian rows) was recorded.</summary>
    public abstract bool HasJacobian { get; }

    /// <summary>
    /// Records f at (t, y) with the parameters <paramref name="p"/> (detached, or null) and makes its program; null when
    /// the recording cannot be replayed (see <see cref="ReplayProgram{T}.TryCreate(Tape, Tensor[], Tensor, Tensor?, bool, out string?)"/>)
    /// or f throws. Must run where no gradient tape is active, so the recording has a tape of its own.
    /// </summary>
    /// <param name="f">The right-hand side.</param>
    /// <param name="t">The recording time.</param>
    /// <param name="y">The recording state.</param>
    /// <param name="yShape">The state's shape.</param>
    /// <param name="dtype">The dtype f evaluates in.</param>
    /// <param name="p">The parameters, or null.</param>
    /// <param name="jacobian">Whether to record the Jacobian rows' backward pass as well.</param>
    /// <param name="blocker">Why no program was made; null when one was.</param>
    public static OdeReplay? TryRecord(Func<double, Tensor, Tensor?, Tensor> f, double t, ReadOnlySpan<double> y, Shape yShape, DType dtype, Tensor? p, bool jacobian, out string? blocker) =>
        dtype == DType.Float32
            ? Of<float>.Record(f, t, y, yShape, p, jacobian, out blocker)
            : Of<double>.Record(f, t, y, yShape, p, jacobian, out blocker);

    /// <summary>f(y) into <paramref name="f"/> (widened to float64).</summary>
    public abstract void Evaluate(ReadOnlySpan<double> y, Span<double> f);

    /// <summary>
    /// f(y) into <paramref name="f"/>, J_y row-major (n x n) into <paramref name="jacobian"/> and, when
    /// <paramref name="parameterJacobian"/> is not empty, J_p row-major (n x np) into it.
    /// </summary>
    public abstract void Jacobian(ReadOnlySpan<double> y, Span<double> f, Span<double> jacobian, Span<double> parameterJacobian);

    /// <summary>Gives the program's buffers back to the storage pool; the replay must not run afterwards.</summary>
    public abstract void Release();

    private sealed class Of<T> : OdeReplay
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReplayProgram<T> _program;
        private readonly int _n;
        private readonly int _np;
        private readonly int _seed;

        private Of(ReplayProgram<T> program, int n, int np, int seed)
        {
            _program = program;
            _n = n;
            _np = np;
            _seed = seed;
        }

        public override bool HasJacobian => _seed >= 0;

        public static Of<T>? Record(Func<double, Tensor, Tensor?, Tensor> f, double t, ReadOnlySpan<double> y, Shape yShape, Tensor? p, bool jacobian, out string? blocker)
        {
            blocker = "the right-hand side could not be recorded";
            int n = yShape.Size, np = p?.Size ?? 0;
            ReplayProgram<T>? program = null;
            int seedIndex = -1;
            using (TensorScope.Begin())
            {
                var tape = Tape.Enter();
                bool wasEnabled = tape.Enabled;
                tape.Enabled = true;
                try
                {
                    var yw = tape.Watch(Tensor.FromArray(y, yShape, ReplayLowering<T>.DType));
                    var pw = p is null ? null : tape.Watch(p);
                    var result = f(t, yw, pw);
                    if (result is null || result.Size != n || result.Rank > 1 || result.DType != ReplayLowering<T>.DType)
                    {
                        return null;
                    }

                    Tensor? gradient = null;
                    List<Tensor> sources = pw is null ? [yw] : [yw, pw];
                    if (jacobian)
                    {
                        var seed = tape.Watch(Tensor.Zeros(result.Shape, ReplayLowering<T>.DType));
                        var grads = tape.Gradient(result, [.. sources], seed, createGraph: true);
                        gradient = grads[0].Reshape(new Shape(n));
                        if (pw is not null)
                        {
                            gradient = Tensor.Concat([gradient, grads[1].Reshape(new Shape(np))]);
                        }

                        seedIndex = sources.Count;
                        sources.Add(seed);
                    }

                    for (int i = 0; i < tape.Count; i++)
                    {
                        if (tape.NodeAt(i).Output.Size >= ParallelKernels.MinElements)
                        {
                            blocker = "a recorded tensor is large enough for the kernels to split across cores";
                            return null;
                        }
                    }

                    program = ReplayProgram<T>.TryCreate(tape, [.. sources], result, gradient, uniformRows: false, out blocker);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The recording is an optimization: a right-hand side that cannot be recorded keeps the tensor route,
                    // which reports its failure itself.
                    blocker = $"recording threw {e.GetType().Name}";
                    program?.Release();
                    return null;
                }
                finally
                {
                    tape.Enabled = wasEnabled;
                    tape.Exit();
                }
            }

            if (program is null)
            {
                return null;
            }

            if (p is not null)
            {
                // The parameters stay fixed for the solve: written once.
                p.Span<T>().CopyTo(program.SourceAt(1));
            }

            return new Of<T>(program, n, np, seedIndex);
        }

        public override void Evaluate(ReadOnlySpan<double> y, Span<double> f)
        {
            TP.ConvertTruncating(y, _program.Source);
            _program.RunForward();
            TP.ConvertTruncating<T, double>(_program.Output, f);
        }

        public override void Jacobian(ReadOnlySpan<double> y, Span<double> f, Span<double> jacobian, Span<double> parameterJacobian)
        {
            Evaluate(y, f);
            int n = _n, np = _np;
            var seed = _program.SourceAt(_seed);
            seed.Clear();
            for (int i = 0; i < n; i++)
            {
                seed[i] = T.One;
                _program.RunBackward();
                seed[i] = T.Zero;
                var g = _program.Gradient;
                TP.ConvertTruncating<T, double>(g[..n], jacobian.Slice(i * n, n));
                if (!parameterJacobian.IsEmpty)
                {
                    TP.ConvertTruncating<T, double>(g.Slice(n, np), parameterJacobian.Slice(i * np, np));
                }
            }
        }

        public override void Release() => _program.Release();
    }
}
