using System.Runtime.InteropServices;
using Adjoint.Autodiff;
using Adjoint.Autodiff.Replay;
using Adjoint.Tensors;

namespace Adjoint.Fit;

/// <summary>
/// A residual function written with tensor operations, differentiated by reverse-mode autodiff.
/// </summary>
/// <remarks>
/// The Jacobian takes one recording of f and then either one reverse pass per residual (m passes, when m &lt;= n) or,
/// when there are more residuals than variables, one recorded vector-Jacobian product w(u) = J^T u followed by one
/// reverse pass of w per variable (n passes): the columns J e_j = d(e_j^T J^T u)/du, a forward-mode product obtained
/// from two reverse passes.
/// <para>When there are at most max(n, 64) residuals, <see cref="Prepare"/> records f once at x0 together with its
/// vector-Jacobian product u -> J^T u (the backward pass recorded, u a second watched input) and turns the recording into
/// a <see cref="ReplayProgram{T}"/>: an evaluation replays the forward steps, and the Jacobian replays the backward steps
/// once per residual with u = e_i (reusing the forward buffers when they hold the same x). It is used only when the
/// replayed residuals and Jacobian at x0 agree with the tensor operations' (see <see cref="ReplayProgram{T}"/> for what
/// keeps a function from being replayed); otherwise every call runs the tensor operations.</para>
/// </remarks>
internal sealed class TensorResidualModel : ResidualModel, IDisposable
{
    /// <summary>The most residuals (beyond n) for which one replayed backward pass per residual is worth it.</summary>
    private const int MaxReplayedRows = 64;

    private readonly Func<Tensor, Tensor> _f;
    private readonly int _n;
    private readonly int _m;
    private readonly DType _dtype;
    private ResidualReplay? _program;
    private double[]? _programPoint;
    private double[]? _row;

    /// <param name="f">The residual function.</param>
    /// <param name="n">The number of variables.</param>
    /// <param name="m">The number of residuals.</param>
    /// <param name="dtype">The dtype f is evaluated, differentiated and replayed in.</param>
    public TensorResidualModel(Func<Tensor, Tensor> f, int n, int m, DType dtype = DType.Float64)
    {
        _f = f;
        _n = n;
        _m = m;
        _dtype = dtype;
    }

    public override int M => _m;

    public override int N => _n;

    /// <summary>Evaluates f once at x0 to learn m, checking the output.</summary>
    public static int CountResiduals(Func<Tensor, Tensor> f, ReadOnlySpan<double> x0, DType dtype = DType.Float64)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Grad.NoGrad();
        var y = f(Tensor.FromArray(x0, new Shape(x0.Length), dtype)) ?? throw new InvalidOperationException("The residual function returned null.");
        if (y.Rank > 1)
        {
            throw new ArgumentException($"The residual function must return a vector (or a scalar); it returned shape {y.Shape}.", nameof(f));
        }

        if (y.DType != dtype)
        {
            throw new ArgumentException($"The residual function returned {y.DType} for {dtype} variables; make its constants {dtype} (LeastSquaresOptions.Precision).", nameof(f));
        }

        return y.Size;
    }

    /// <summary>Whether evaluations and Jacobians replay a recorded program.</summary>
    public bool Replayed => _program is not null;

    /// <summary>Records f at x0 and keeps the replay program when it reproduces the tensor operations there.</summary>
    public void Prepare(double[] x0)
    {
        int m = _m, n = _n;
        // Replay steps run on one core: where the tensor operations would split across cores, they stay.
        if (m > Math.Max(n, MaxReplayedRows) || Math.Max(m, n) >= Tensors.Kernels.ParallelKernels.MinElements)
        {
            return;
        }

        ResidualReplay? program;
        try
        {
            using var scope = TensorScope.Begin();
            using var tape = GradientTape.Begin();
            var (xw, y, u, g) = RecordVjp(tape, _f, x0, m, _dtype);
            program = ResidualReplay.TryCreate(_dtype, tape.Tape, [xw, u], y, g, uniformRows: false);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or ArgumentOutOfRangeException or NotSupportedException)
        {
            return;
        }

        if (program is null)
        {
            return;
        }

        if (program.GradientLength != n || program.OutputLength != m)
        {
            program.Release();
            return;
        }

        var values = new double[m];
        var jacobian = new double[m * n];
        Evaluate(x0, values);
        Jacobian(x0, jacobian);
        _program = program;
        var replayedValues = new double[m];
        var replayedJacobian = new double[m * n];
        Evaluate(x0, replayedValues);
        Jacobian(x0, replayedJacobian);
        if (!Agrees(values, replayedValues, m, 1) || !Agrees(jacobian, replayedJacobian, m, n))
        {
            Dispose();
        }
    }

    /// <summary>Whether each column of b equals a's to 1e-10 of that column's largest entry (NaN where a has NaN).</summary>
    private static bool Agrees(double[] a, double[] b, int rows, int columns)
    {
        for (int j = 0; j < columns; j++)
        {
            double largest = 0;
            for (int i = 0; i < rows; i++)
            {
                largest = Math.Max(largest, Math.Abs(a[i + (j * rows)]));
            }

            for (int i = 0; i < rows; i++)
            {
                double x = a[i + (j * rows)], y = b[i + (j * rows)];
                if (!(x == y || (double.IsNaN(x) && double.IsNaN(y)) || Math.Abs(x - y) <= 1e-10 * largest))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Gives the replay program's buffers back to the storage pool (later calls run the tensor operations).</summary>
    public void Dispose()
    {
        _program?.Release();
        _program = null;
    }

    private void RunForward(ResidualReplay program, ReadOnlySpan<double> x)
    {
        program.SetSource(0, x);
        program.RunForward();
        _programPoint ??= new double[_n];
        x.CopyTo(_programPoint);
    }

    public override void Evaluate(ReadOnlySpan<double> x, Span<double> f)
    {
        if (_program is { } program)
        {
            RunForward(program, x);
            program.CopyOutput(f);
            return;
        }

        using var scope = TensorScope.Begin();
        using var noGrad = Grad.NoGrad();
        var y = _f(Tensor.FromArray(x, new Shape(_n), _dtype));
        CheckOutput(y, _m, _dtype);
        y.CopyTo(f);
    }

    public override void Jacobian(ReadOnlySpan<double> x, double[] jacobian)
    {
        if (_program is { } program)
        {
            // The forward buffers hold the last evaluation; reuse them when it was at these very bits.
            if (_programPoint is null || !MemoryMarshal.Cast<double, long>(x).SequenceEqual(MemoryMarshal.Cast<double, long>(_programPoint.AsSpan())))
            {
                RunForward(program, x);
            }

            int m = _m;
            program.ClearSource(1);
            var row = _row ??= new double[_n];
            for (int i = 0; i < m; i++)
            {
                program.SetEntry(1, i, 1);
                program.RunBackward();
                program.SetEntry(1, i, 0);
                program.CopyGradient(row);
                for (int j = 0; j < _n; j++)
                {
                    jacobian[i + (j * m)] = row[j];
                }
            }

            return;
        }

        if (_m > _n)
        {
            JacobianByColumns(_f, x.ToArray(), _m, jacobian, _dtype);
        }
        else
        {
            JacobianByRows(_f, x.ToArray(), _m, jacobian, _dtype);
        }
    }

    public override bool ReachesVariables(ReadOnlySpan<double> x)
    {
        using var scope = TensorScope.Begin();
        using var tape = GradientTape.Begin();
        var xw = tape.Watch(Tensor.FromArray(x, new Shape(_n), _dtype));
        var y = _f(xw);
        CheckOutput(y, _m, _dtype);
        Span<bool> reached = [false];
        tape.Tape.Gradient(y, [xw], Tensor.Ones(y.Shape, _dtype), createGraph: false, reached);
        return reached[0];
    }

    /// <summary>The Jacobian by one reverse pass per residual, column-major.</summary>
    public static void JacobianByRows(Func<Tensor, Tensor> f, double[] x, int m, double[] jacobian, DType dtype = DType.Float64)
    {
        int n = x.Length;
        using var scope = TensorScope.Begin();
        using var tape = GradientTape.Begin();
        var xw = tape.Watch(Tensor.FromArray(x, new Shape(n), dtype));
        var y = f(xw);
        CheckOutput(y, m, dtype);
        var seed = new double[m];
        var row = new double[n];
        for (int i = 0; i < m; i++)
        {
            seed[i] = 1;
            var g = tape.Gradient(y, [xw], Tensor.FromArray(seed, y.Shape, dtype))[0];
            seed[i] = 0;
            g.CopyTo(row);
            for (int j = 0; j < n; j++)
            {
                jacobian[i + (j * m)] = row[j];
            }
        }
    }

    /// <summary>
    /// Records f at x and its vector-Jacobian product w = J^T u with the backward pass recorded, u a watched seed
    /// (zeros): the watched x, f(x), u and w.
    /// </summary>
    private static (Tensor X, Tensor Y, Tensor U, Tensor W) RecordVjp(GradientTape tape, Func<Tensor, Tensor> f, double[] x, int m, DType dtype = DType.Float64)
    {
        var xw = tape.Watch(Tensor.FromArray(x, new Shape(x.Length), dtype));
        var y = f(xw);
        CheckOutput(y, m, dtype);
        var u = tape.Watch(Tensor.Zeros(y.Shape, dtype));
        var w = tape.Gradient(y, [xw], u, createGraph: true)[0];
        return (xw, y, u, w);
    }

    /// <summary>The Jacobian by n Jacobian-vector products from one recorded VJP, column-major.</summary>
    public static void JacobianByColumns(Func<Tensor, Tensor> f, double[] x, int m, double[] jacobian, DType dtype = DType.Float64)
    {
        int n = x.Length;
        using var scope = TensorScope.Begin();
        using var tape = GradientTape.Begin();
        var (_, _, u, w) = RecordVjp(tape, f, x, m, dtype);
        var seed = new double[n];
        for (int j = 0; j < n; j++)
        {
            seed[j] = 1;
            var col = tape.Gradient(w, [u], Tensor.FromArray(seed, w.Shape, dtype))[0];
            seed[j] = 0;
            col.CopyTo(jacobian.AsSpan(j * m, m));
        }
    }

    private static void CheckOutput(Tensor y, int m, DType dtype = DType.Float64)
    {
        if (y is null)
        {
            throw new InvalidOperationException("The residual function returned null.");
        }

        if (y.Size != m || y.Rank > 1)
        {
            throw new InvalidOperationException($"The residual function returned shape {y.Shape}; it returned [{m}] at the starting point.");
        }

        if (y.DType != dtype)
        {
            throw new InvalidOperationException($"The residual function returned {y.DType} for {dtype} variables; make its constants {dtype} (LeastSquaresOptions.Precision).");
        }
    }
}
