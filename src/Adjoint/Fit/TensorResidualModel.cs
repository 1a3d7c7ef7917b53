using Adjoint.Autodiff;
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
/// </remarks>
internal sealed class TensorResidualModel : ResidualModel
{
    private readonly Func<Tensor, Tensor> _f;
    private readonly int _n;
    private readonly int _m;

    public TensorResidualModel(Func<Tensor, Tensor> f, int n, int m)
    {
        _f = f;
        _n = n;
        _m = m;
    }

    public override int M => _m;

    public override int N => _n;

    /// <summary>Evaluates f once at x0 to learn m, checking the output.</summary>
    public static int CountResiduals(Func<Tensor, Tensor> f, ReadOnlySpan<double> x0)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Grad.NoGrad();
        var y = f(Tensor.FromArray(x0.ToArray())) ?? throw new InvalidOperationException("The residual function returned null.");
        if (y.Rank > 1)
        {
            throw new ArgumentException($"The residual function must return a vector (or a scalar); it returned shape {y.Shape}.", nameof(f));
        }

        return y.Size;
    }

    public override void Evaluate(ReadOnlySpan<double> x, Span<double> f)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Grad.NoGrad();
        var y = _f(Tensor.FromArray(x.ToArray()));
        CheckOutput(y, _m);
        y.CopyTo(f);
    }

    public override void Jacobian(ReadOnlySpan<double> x, double[] jacobian)
    {
        if (_m > _n)
        {
            JacobianByColumns(_f, x.ToArray(), _m, jacobian);
        }
        else
        {
            JacobianByRows(_f, x.ToArray(), _m, jacobian);
        }
    }

    /// <summary>The Jacobian by one reverse pass per residual, column-major.</summary>
    public static void JacobianByRows(Func<Tensor, Tensor> f, double[] x, int m, double[] jacobian)
    {
        int n = x.Length;
        using var scope = TensorScope.Begin();
        using var tape = GradientTape.Begin();
        var xw = tape.Watch(Tensor.FromArray(x));
        var y = f(xw);
        CheckOutput(y, m);
        var seed = new double[m];
        var row = new double[n];
        for (int i = 0; i < m; i++)
        {
            seed[i] = 1;
            var g = tape.Gradient(y, [xw], Tensor.FromArray(seed, y.Shape, DType.Float64))[0];
            seed[i] = 0;
            g.CopyTo(row);
            for (int j = 0; j < n; j++)
            {
                jacobian[i + (j * m)] = row[j];
            }
        }
    }

    /// <summary>The Jacobian by n Jacobian-vector products from one recorded VJP, column-major.</summary>
    public static void JacobianByColumns(Func<Tensor, Tensor> f, double[] x, int m, double[] jacobian)
    {
        int n = x.Length;
        using var scope = TensorScope.Begin();
        using var tape = GradientTape.Begin();
        var xw = tape.Watch(Tensor.FromArray(x));
        var y = f(xw);
        CheckOutput(y, m);
        var u = tape.Watch(Tensor.Zeros(y.Shape, DType.Float64));
        var w = tape.Gradient(y, [xw], u, createGraph: true)[0];
        var seed = new double[n];
        for (int j = 0; j < n; j++)
        {
            seed[j] = 1;
            var col = tape.Gradient(w, [u], Tensor.FromArray(seed, w.Shape, DType.Float64))[0];
            seed[j] = 0;
            col.CopyTo(jacobian.AsSpan(j * m, m));
        }
    }

    private static void CheckOutput(Tensor y, int m)
    {
        if (y is null)
        {
            throw new InvalidOperationException("The residual function returned null.");
        }

        if (y.Size != m || y.Rank > 1)
        {
            throw new InvalidOperationException($"The residual function returned shape {y.Shape}; it returned [{m}] at the starting point.");
        }

        if (y.DType != DType.Float64)
        {
            throw new InvalidOperationException($"The residual function returned {y.DType}; least squares works in Float64.");
        }
    }
}
