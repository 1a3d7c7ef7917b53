using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// The right-hand side f(t, y, p) on float64 buffers: evaluations, and its Jacobians J = df/dy and df/dp. With
/// sensitivities it is the augmented system z = (y, S) with S the n x m matrix dy/d(y0, p), stored column by column
/// after y, and dS/dt = J S + [0 | df/dp].
/// </summary>
/// <remarks>
/// <para>Two routes. The replayed route (<see cref="OdeReplay"/>): f is recorded once, at the first evaluation, and every
/// later evaluation replays the recorded kernels on fixed buffers; a Jacobian is one forward replay and n backward
/// replays of the recorded vector-Jacobian product. The tensor route: f runs as tensor operations under no-grad, and a
/// Jacobian records f and runs n reverse passes.</para>
/// <para>The replay is trusted only when it reproduces the tensor route at the recording point (f bit for bit, the
/// Jacobians to rounding), gives the same bits as fresh evaluations at the state y0 at other times of the span (f
/// receives t as a number, so a recording cannot follow t), and then keeps doing so: one replayed evaluation in
/// <see cref="VerifyInterval"/> is compared with a fresh tensor evaluation, and a difference throws
/// <see cref="OdeReplayMismatchException"/>, on which the solve starts again on the tensor route. Anything else (a value
/// read to the host, a detached value, an operation without a replay step, f throwing while recorded) keeps the tensor
/// route from the start.</para>
/// </remarks>
internal sealed class OdeRhs
{
    /// <summary>One replayed evaluation in this many is checked against a fresh tensor evaluation.</summary>
    internal const int VerifyInterval = 128;

    /// <summary>How many times of the span, besides the recording time, the recording's independence of t is checked at.</summary>
    private const int TimeProbes = 4;

    private readonly Func<double, Tensor, Tensor?, Tensor> _f;
    private readonly Shape _yShape;
    private readonly DType _dtype;
    private readonly Tensor? _p;
    private readonly double[] _jacobian;
    private readonly double[] _parameterJacobian;
    private readonly double[] _seed;
    private readonly double[] _check;
    private readonly bool _replayAllowed;
    private readonly bool _needsJacobian;
    private readonly double _tEnd;
    private OdeReplay? _replay;
    private bool _replayTried;
    private int _sinceCheck;

    /// <param name="f">The right-hand side.</param>
    /// <param name="yShape">The state's shape.</param>
    /// <param name="dtype">The dtype f evaluates in.</param>
    /// <param name="parameters">The parameters (detached), or null.</param>
    /// <param name="sensitivities">Whether to integrate the sensitivities.</param>
    /// <param name="replay">Whether f may be replayed (see the remarks).</param>
    /// <param name="needsJacobian">Whether the method asks for df/dy (Radau, Auto), so the replay records it.</param>
    /// <param name="tEnd">The end of the span, for the checks of the recording's independence of t.</param>
    public OdeRhs(Func<double, Tensor, Tensor?, Tensor> f, Shape yShape, DType dtype, Tensor? parameters, bool sensitivities, bool replay = false, bool needsJacobian = true, double tEnd = 0)
    {
        _f = f;
        _yShape = yShape;
        _dtype = dtype;
        N = yShape.Size;
        _p = parameters;
        Np = parameters?.Size ?? 0;
        Sensitive = sensitivities;
        M = N + Np;
        Dimension = sensitivities ? N * (1 + M) : N;
        _jacobian = new double[N * N];
        _parameterJacobian = new double[N * Np];
        _seed = new double[N];
        _check = new double[N];
        _replayAllowed = replay;
        _needsJacobian = needsJacobian || sensitivities;
        _tEnd = tEnd;
    }

    /// <summary>Whether evaluations replay a recording of f (decided at the first evaluation).</summary>
    public bool Replayed => _replay is not null;

    /// <summary>Why f is not replayed (null when it is, or when replay was not allowed).</summary>
    public string? ReplayBlocker { get; private set; }

    /// <summary>The number of state components.</summary>
    public int N { get; }

    /// <summary>The number of parameters.</summary>
    public int Np { get; }

    /// <summary>The number of sensitivity columns, n + np (initial state, then parameters).</summary>
    public int M { get; }

    /// <summary>Whether the system carries the sensitivities.</summary>
    public bool Sensitive { get; }

    /// <summary>The length of the integrated vector: n, or n (1 + m) with sensitivities.</summary>
    public int Dimension { get; }

    /// <summary>Right-hand-side evaluations so far.</summary>
    public int Nfev { get; set; }

    /// <summary>Jacobian evaluations so far.</summary>
    public int Njev { get; set; }

    /// <summary>The last Jacobian df/dy, row-major n x n.</summary>
    public double[] LastJacobian => _jacobian;

    /// <summary>Evaluates the (augmented) right-hand side; false when any value is not finite.</summary>
    public bool Evaluate(double t, ReadOnlySpan<double> z, Span<double> dz)
    {
        if (!Sensitive)
        {
            EvaluateState(t, z, dz);
            return AllFinite(dz);
        }

        int n = N, m = M;
        Jacobian(t, z[..n], dz[..n], withParameters: true);
        for (int j = 0; j < m; j++)
        {
            var s = z.Slice(n * (1 + j), n);
            var ds = dz.Slice(n * (1 + j), n);
            for (int i = 0; i < n; i++)
            {
                double sum = j >= n ? _parameterJacobian[(i * Np) + (j - n)] : 0;
                var row = _jacobian.AsSpan(i * n, n);
                for (int k = 0; k < n; k++)
                {
                    sum += row[k] * s[k];
                }

                ds[i] = sum;
            }
        }

        return AllFinite(dz);
    }

    /// <summary>f(t, y) of the state alone.</summary>
    public void EvaluateState(double t, ReadOnlySpan<double> y, Span<double> dy)
    {
        Nfev++;
        if (Replay(t, y) is { } replay)
        {
            replay.Evaluate(y, dy);
            Verify(t, y, dy);
            return;
        }

        TensorEvaluate(t, y, dy);
    }

    /// <summary>
    /// Writes f at (t, y) into <paramref name="f"/> and J = df/dy into <see cref="LastJacobian"/> (and df/dp when asked).
    /// </summary>
    public void Jacobian(double t, ReadOnlySpan<double> y, Span<double> f, bool withParameters)
    {
        Nfev++;
        Njev++;
        if (Replay(t, y) is { HasJacobian: true } replay)
        {
            replay.Jacobian(y, f, _jacobian, withParameters ? _parameterJacobian : default);
            Verify(t, y, f);
            return;
        }

        TensorJacobian(t, y, f, withParameters);
    }

    /// <summary>Releases the replay's buffers (the right-hand side evaluates by the tensor route afterwards).</summary>
    public void ReleaseReplay()
    {
        _replay?.Release();
        _replay = null;
    }

    /// <summary>The replay, recorded at the first call; null when f keeps the tensor route.</summary>
    private OdeReplay? Replay(double t, ReadOnlySpan<double> y)
    {
        if (_replayTried)
        {
            return _replay;
        }

        _replayTried = true;
        if (!_replayAllowed)
        {
            return null;
        }

        var replay = OdeReplay.TryRecord(_f, t, y, _yShape, _dtype, _p, _needsJacobian, out string? blocker);
        if (replay is null)
        {
            ReplayBlocker = blocker;
            return null;
        }

        ReplayBlocker = Accept(replay, t, y);
        if (ReplayBlocker is not null)
        {
            replay.Release();
            return null;
        }

        _replay = replay;
        return replay;
    }

    /// <summary>Null when <paramref name="replay"/> reproduces the tensor route at (t, y) and at other times; else why not.</summary>
    private string? Accept(OdeReplay replay, double t, ReadOnlySpan<double> y)
    {
        int n = N;
        var fresh = new double[n];
        var replayed = new double[n];
        try
        {
            TensorEvaluate(t, y, fresh);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The tensor route reports the failure on its own evaluation.
            return $"the right-hand side threw {e.GetType().Name}";
        }

        replay.Evaluate(y, replayed);
        if (!SameBits(fresh, replayed))
        {
            return "the replay does not reproduce f at the recording point";
        }

        if (replay.HasJacobian)
        {
            var jacobian = new double[n * n];
            var parameterJacobian = new double[n * Np];
            replay.Jacobian(y, replayed, jacobian, parameterJacobian);
            TensorJacobian(t, y, fresh, withParameters: Np > 0);
            if (!SameBits(fresh, replayed) || !Close(jacobian, _jacobian, n) || !Close(parameterJacobian, _parameterJacobian, Np))
            {
                return "the replayed Jacobian does not reproduce the tensor route's at the recording point";
            }
        }

        for (int k = 1; k <= TimeProbes; k++)
        {
            double probe = t + ((_tEnd - t) * k / TimeProbes);
            if (probe == t)
            {
                break;
            }

            TensorEvaluate(probe, y, fresh);
            if (!SameBits(fresh, replayed))
            {
                return "f depends on t, which a recording cannot follow (t is passed as a number)";
            }
        }

        return null;
    }

    /// <summary>Every <see cref="VerifyInterval"/>-th replayed evaluation: compares it with a fresh tensor evaluation.</summary>
    private void Verify(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> replayed)
    {
        if (++_sinceCheck < VerifyInterval)
        {
            return;
        }

        _sinceCheck = 0;
        TensorEvaluate(t, y, _check);
        if (!SameBits(_check, replayed[..N]))
        {
            throw new OdeReplayMismatchException(t);
        }
    }

    private static bool SameBits(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            // Zeros of either sign are the same value.
            if (BitConverter.DoubleToInt64Bits(a[i]) != BitConverter.DoubleToInt64Bits(b[i]) && !(a[i] == 0 && b[i] == 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether two row-major matrices with rows of <paramref name="width"/> agree to rounding, relative to each row's largest entry.</summary>
    private static bool Close(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int width)
    {
        for (int r = 0; width > 0 && r < a.Length / width; r++)
        {
            double scale = 0;
            for (int c = 0; c < width; c++)
            {
                scale = Math.Max(scale, Math.Max(Math.Abs(a[(r * width) + c]), Math.Abs(b[(r * width) + c])));
            }

            for (int c = 0; c < width; c++)
            {
                double x = a[(r * width) + c], z = b[(r * width) + c];
                if (!(Math.Abs(x - z) <= 1e-12 * scale) && !(x == z))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>f(t, y) by the tensor operations under no-grad.</summary>
    private void TensorEvaluate(double t, ReadOnlySpan<double> y, Span<double> dy)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Grad.NoGrad();
        var result = _f(t, Tensor.FromArray(y, _yShape, _dtype), _p);
        Check(result);
        result.CopyTo(dy);
    }

    /// <summary>Records f at (t, y) and forms J (and df/dp when asked) by one reverse pass per component of f.</summary>
    private void TensorJacobian(double t, ReadOnlySpan<double> y, Span<double> f, bool withParameters)
    {
        int n = N;
        using var scope = TensorScope.Begin();
        var tape = Tape.Enter();
        bool wasEnabled = tape.Enabled;
        tape.Enabled = true;
        try
        {
            var yw = tape.Watch(Tensor.FromArray(y, _yShape, _dtype));
            var pw = withParameters && _p is not null ? tape.Watch(_p) : _p;
            var result = _f(t, yw, pw);
            Check(result);
            result.CopyTo(f);
            Tensor[] sources = pw is not null && withParameters ? [yw, pw] : [yw];
            for (int i = 0; i < n; i++)
            {
                _seed[i] = 1;
                var seed = Tensor.FromArray(_seed, result.Shape, result.DType);
                _seed[i] = 0;
                var grads = tape.Gradient(result, sources, seed, createGraph: false);
                grads[0].CopyTo(_jacobian.AsSpan(i * n, n));
                if (sources.Length > 1)
                {
                    grads[1].CopyTo(_parameterJacobian.AsSpan(i * Np, Np));
                }
            }
        }
        finally
        {
            tape.Enabled = wasEnabled;
            tape.Exit();
        }
    }

    private void Check(Tensor? result)
    {
        if (result is null)
        {
            throw new InvalidOperationException("The right-hand side f returned null.");
        }

        if (result.Size != N || result.Rank > 1)
        {
            throw new ArgumentException($"The right-hand side f returned shape {result.Shape} for a state of shape {_yShape}; it must return the state's shape.");
        }
    }

    private static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (double x in v)
        {
            if (!double.IsFinite(x))
            {
                return false;
            }
        }

        return true;
    }
}
