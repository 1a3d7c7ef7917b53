using System.Runtime.InteropServices;
using Adjoint.Autodiff;
using Adjoint.Autodiff.Replay;
using Adjoint.Tensors;

namespace Adjoint.Fit;

/// <summary>
/// The weighted residuals r_i = (f(x_i, p) - y_i) / sigma_i of a curve-fitting model, with the Jacobian by autodiff.
/// </summary>
/// <remarks>
/// <para>A curve model's i-th prediction usually depends only on row i of x. Then one reverse pass gives the whole
/// Jacobian: evaluate the model with every parameter replicated across the m points (p shaped [n, m], so p[j] is a
/// vector of m copies) and differentiate sum_i w_i f_i; the gradient with respect to copy i of parameter j is
/// w_i df_i/dp_j = J[i, j], and it arrives already in column-major order. Whether the model is pointwise is checked
/// once at p0 against the model's vector-Jacobian product in a random direction; if the model rejects the replicated
/// parameters or the two disagree, every Jacobian takes the general route (n Jacobian-vector products).</para>
/// <para>A pointwise model is then recorded once more, forward and backward (the backward pass recorded as well), and
/// turned into a <see cref="ReplayProgram{T}"/>: later evaluations and Jacobians replay the recorded kernels on fixed buffers
/// instead of running the tensor operations again, and a Jacobian at the point just evaluated only replays the backward
/// part. The program is used only when its residuals and Jacobian at p0 equal those of the tensor route (to 1e-12
/// relative) and the model's code could not have branched on parameter values (no tracked value was read, compared or
/// detached while it was recorded), and only below 2^17 replicated entries (n m), where the tensor operations run on one
/// core as the replay does; otherwise the tensor route stays.</para>
/// </remarks>
internal sealed class CurveFitModel : ResidualModel, IDisposable
{
    private readonly Func<Tensor, Tensor, Tensor> _model;
    private readonly Tensor _x;
    private readonly double[] _y;
    private readonly double[] _w;
    private readonly int _n;
    private readonly Tensor _weights;
    private readonly bool _replay;
    private readonly DType _dtype;
    private ResidualReplay? _program;
    private double[]? _programPoint;

    /// <param name="model">f(x, p).</param>
    /// <param name="x">The data's x (constant).</param>
    /// <param name="y">The data's y.</param>
    /// <param name="w">The weights 1 / sigma.</param>
    /// <param name="n">The number of parameters.</param>
    /// <param name="replay">Whether a pointwise model may be replayed (false keeps the tensor route, for comparisons).</param>
    /// <param name="dtype">The dtype the model is evaluated and differentiated in (x is converted to it once).</param>
    public CurveFitModel(Func<Tensor, Tensor, Tensor> model, Tensor x, double[] y, double[] w, int n, bool replay = true, DType dtype = DType.Float64)
    {
        _replay = replay;
        _dtype = dtype;
        _model = model;
        _x = x.DType == dtype ? x : x.To(dtype).Detach();
        _y = y;
        _w = w;
        _n = n;
        _weights = Tensor.FromArray(w, new Shape(w.Length), dtype);
    }

    /// <summary>The model at (x, p) in a scope of the evaluation dtype, so constants captured in the other dtype are converted.</summary>
    private Tensor Call(Tensor x, Tensor p)
    {
        using var precision = EvaluationPrecision.Begin(_dtype);
        return _model(x, p);
    }

    public override int M => _y.Length;

    public override int N => _n;

    /// <summary>Whether Jacobians use the one-pass pointwise route.</summary>
    public bool Pointwise { get; private set; }

    /// <summary>Whether evaluations and Jacobians replay a recorded program (see the remarks).</summary>
    public bool Replayed => _program is not null;

    /// <summary>Checks the model at p0 and decides the Jacobian route.</summary>
    /// <remarks>
    /// The one-pass Jacobian J' is compared with the model's own vector-Jacobian product at p0 in a random direction u
    /// (one reverse pass): if J' differs from J, then J'^T u differs from J^T u for almost every u. The check costs two
    /// reverse passes instead of the n Jacobian-vector products of the general route.
    /// </remarks>
    public void Prepare(double[] p0)
    {
        int m = M, n = _n;
        var fast = new double[m * n];
        ResidualReplay? program;
        try
        {
            program = PointwiseJacobian(p0, fast, record: true);
        }
        catch (Exception e) when (IsModelFailure(e))
        {
            // The recorded backward pass is not available for this model; the plain one may be.
            program = null;
            try
            {
                PointwiseJacobian(p0, fast);
            }
            catch (Exception plain) when (IsModelFailure(plain))
            {
                Pointwise = false;
                return;
            }
        }

        var random = new Random(20240607);
        var u = new double[m];
        for (int i = 0; i < m; i++)
        {
            u[i] = 0.5 + random.NextDouble();
        }

        double[] reference;
        using (var scope = TensorScope.Begin())
        using (var tape = GradientTape.Begin())
        {
            var pw = tape.Watch(Tensor.FromArray(p0, new Shape(p0.Length), _dtype));
            var f = Call(_x, pw);
            CheckShape(f);
            var weighted = new double[m];
            for (int i = 0; i < m; i++)
            {
                weighted[i] = u[i] * _w[i];
            }

            reference = tape.Gradient(f, [pw], Tensor.FromArray(weighted, new Shape(m), _dtype))[0].ToArray();
        }

        for (int j = 0; j < n; j++)
        {
            double product = 0, scale = 0;
            for (int i = 0; i < m; i++)
            {
                double term = fast[(j * m) + i] * u[i];
                product += term;
                scale += Math.Abs(term);
            }

            double a = reference[j];
            if (!(Math.Abs(a - product) <= Tolerance * scale) && !(double.IsNaN(a) && double.IsNaN(product)) && !(scale == 0 && a == 0))
            {
                program?.Release();
                Pointwise = false;
                return;
            }
        }

        Pointwise = true;
        _program = program is null ? null : Verified(program, p0, fast);
    }

    /// <summary>The relative agreement the pointwise check asks of J'^T u and J^T u: rounding of the dtype, summed over m terms.</summary>
    private double Tolerance => _dtype == DType.Float32 ? 1e-4 : 1e-10;

    private static bool IsModelFailure(Exception e) =>
        e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or ArgumentOutOfRangeException or NotSupportedException;

    /// <summary>The program when its residuals and Jacobian at p0 agree with the tensor route's; otherwise null (and released).</summary>
    private ResidualReplay? Verified(ResidualReplay program, double[] p0, double[] jacobianAtP0)
    {
        int m = M, n = _n;
        if (program.GradientLength != m * n || program.OutputLength != m)
        {
            program.Release();
            return null;
        }

        var values = new double[m];
        Evaluate(p0, values);
        FillSource(program, p0);
        program.RunForward();
        program.RunBackward();
        var output = new double[m];
        var gradient = new double[m * n];
        program.CopyOutput(output);
        program.CopyGradient(gradient);
        for (int i = 0; i < m; i++)
        {
            double replayed = (output[i] - _y[i]) * _w[i];
            if (!Agree(replayed, values[i]))
            {
                program.Release();
                return null;
            }
        }

        for (int k = 0; k < m * n; k++)
        {
            if (!Agree(gradient[k], jacobianAtP0[k]))
            {
                program.Release();
                return null;
            }
        }

        return program;
    }

    private static bool Agree(double a, double b) =>
        a == b || (double.IsNaN(a) && double.IsNaN(b)) || Math.Abs(a - b) <= 1e-12 * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>The parameters as an [n, m] tensor whose row j holds m copies of p[j].</summary>
    private Tensor Replicate(ReadOnlySpan<double> p)
    {
        int m = M, n = _n;
        var values = new double[n * m];
        for (int j = 0; j < n; j++)
        {
            values.AsSpan(j * m, m).Fill(p[j]);
        }

        return Tensor.FromArray(values, new Shape(n, m), _dtype);
    }

    private void FillSource(ResidualReplay program, ReadOnlySpan<double> p)
    {
        program.FillRows(p, M);

        _programPoint ??= new double[_n];
        p.CopyTo(_programPoint);
    }

    /// <summary>Gives the replay program's buffers back to the storage pool (later calls take the tensor route).</summary>
    public void Dispose()
    {
        _program?.Release();
        _program = null;
    }

    /// <summary>The model's predictions at p (unweighted).</summary>
    public double[] Predict(ReadOnlySpan<double> p)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Grad.NoGrad();
        var f = Call(_x, Tensor.FromArray(p, new Shape(p.Length), _dtype));
        CheckShape(f);
        return f.ToArray();
    }

    public override void Evaluate(ReadOnlySpan<double> p, Span<double> r)
    {
        if (_program is { } program)
        {
            FillSource(program, p);
            program.RunForward();
            program.CopyOutput(r);
            System.Numerics.Tensors.TensorPrimitives.Subtract(r, _y, r);
            System.Numerics.Tensors.TensorPrimitives.Multiply(r, _w, r);
            return;
        }

        using var scope = TensorScope.Begin();
        using var noGrad = Grad.NoGrad();
        var f = Call(_x, Tensor.FromArray(p, new Shape(p.Length), _dtype));
        CheckShape(f);
        f.CopyTo(r);
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = (r[i] - _y[i]) * _w[i];
        }
    }

    public override void Jacobian(ReadOnlySpan<double> p, double[] jacobian)
    {
        if (_program is { } program)
        {
            // The forward buffers hold the last evaluation; reuse them when it was at these very bits.
            if (_programPoint is null || !MemoryMarshal.Cast<double, long>(p).SequenceEqual(MemoryMarshal.Cast<double, long>(_programPoint.AsSpan())))
            {
                FillSource(program, p);
                program.RunForward();
            }

            program.RunBackward();
            program.CopyGradient(jacobian);
            return;
        }

        if (Pointwise)
        {
            PointwiseJacobian(p, jacobian);
        }
        else
        {
            GeneralJacobian(p, jacobian);
        }
    }

    /// <summary>
    /// The one-pass Jacobian (replicated parameters, see the remarks) into <paramref name="jacobian"/>; with
    /// <paramref name="record"/> the backward pass is recorded too and the replay program of the recording is returned
    /// (null when it cannot be replayed).
    /// </summary>
    private ResidualReplay? PointwiseJacobian(ReadOnlySpan<double> p, double[] jacobian, bool record = false)
    {
        int m = M;
        using var scope = TensorScope.Begin();
        using var tape = GradientTape.Begin();
        var pw = tape.Watch(Replicate(p));
        var f = Call(_x, pw);
        if (f is null || f.Shape.Rank != 1 || f.Size != m || f.DType != _dtype)
        {
            throw new InvalidOperationException("The model is not pointwise in its parameters.");
        }

        var g = tape.Gradient(f, [pw], _weights, createGraph: record)[0];

        // Replay steps run on one core: where the tensor operations would split across cores, they stay.
        var program = record && _replay && (long)m * _n < Tensors.Kernels.ParallelKernels.MinElements
            ? ResidualReplay.TryCreate(_dtype, tape.Tape, [pw], f, g, uniformRows: true)
            : null;

        // Read without marking the tape (the program, if any, is already made).
        if (_dtype == DType.Float64)
        {
            g.Span<double>().CopyTo(jacobian);
        }
        else
        {
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<float, double>(g.Span<float>(), jacobian);
        }

        return program;
    }

    public override bool ReachesVariables(ReadOnlySpan<double> p)
    {
        using var scope = TensorScope.Begin();
        using var tape = GradientTape.Begin();
        var pw = tape.Watch(Tensor.FromArray(p, new Shape(p.Length), _dtype));
        var f = Call(_x, pw);
        CheckShape(f);
        Span<bool> reached = [false];
        tape.Tape.Gradient(f, [pw], Tensor.Ones(f.Shape, _dtype), createGraph: false, reached);
        return reached[0];
    }

    private void GeneralJacobian(ReadOnlySpan<double> p, double[] jacobian)
    {
        int m = M, n = _n;
        Func<Tensor, Tensor> f = q =>
        {
            var y = Call(_x, q);
            CheckShape(y);
            return y;
        };
        if (m > n)
        {
            TensorResidualModel.JacobianByColumns(f, p.ToArray(), m, jacobian, _dtype);
        }
        else
        {
            TensorResidualModel.JacobianByRows(f, p.ToArray(), m, jacobian, _dtype);
        }

        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                jacobian[(j * m) + i] *= _w[i];
            }
        }
    }

    private void CheckShape(Tensor? f)
    {
        if (f is null)
        {
            throw new InvalidOperationException("The model returned null.");
        }

        if (f.Rank != 1 || f.Size != M)
        {
            throw new ArgumentException($"The model returned shape {f.Shape}; expected {new Shape([M])}, one value per data point (the shape of ydata).");
        }

        if (f.DType != _dtype)
        {
            throw new ArgumentException($"The model returned {f.DType} values for {_dtype} parameters (CurveFitOptions.Precision); compute its values from x and the parameters.");
        }
    }
}
