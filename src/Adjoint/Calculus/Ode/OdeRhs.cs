using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// The right-hand side f(t, y, p) on float64 buffers: evaluations under no-grad, and its Jacobians J = df/dy and
/// df/dp from one recording and n reverse passes. With sensitivities it is the augmented system z = (y, S) with S the
/// n x m matrix dy/d(y0, p), stored column by column after y, and dS/dt = J S + [0 | df/dp].
/// </summary>
internal sealed class OdeRhs
{
    private readonly Func<double, Tensor, Tensor?, Tensor> _f;
    private readonly Shape _yShape;
    private readonly DType _dtype;
    private readonly Tensor? _p;
    private readonly double[] _jacobian;
    private readonly double[] _parameterJacobian;
    private readonly double[] _seed;

    public OdeRhs(Func<double, Tensor, Tensor?, Tensor> f, Shape yShape, DType dtype, Tensor? parameters, bool sensitivities)
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
    }

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
        using var scope = TensorScope.Begin();
        using var noGrad = Grad.NoGrad();
        var result = _f(t, Tensor.FromArray(y, _yShape, _dtype), _p);
        Check(result);
        result.CopyTo(dy);
    }

    /// <summary>
    /// Records f at (t, y) and writes f into <paramref name="f"/> and J = df/dy into <see cref="LastJacobian"/> (and
    /// df/dp when asked), one reverse pass per component of f.
    /// </summary>
    public void Jacobian(double t, ReadOnlySpan<double> y, Span<double> f, bool withParameters)
    {
        Nfev++;
        Njev++;
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
