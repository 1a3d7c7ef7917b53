using Adjoint.Autodiff;
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
/// once at p0 against the general Jacobian (n Jacobian-vector products); if the model rejects the replicated
/// parameters or the two disagree, every Jacobian takes the general route.</para>
/// </remarks>
internal sealed class CurveFitModel : ResidualModel
{
    private readonly Func<Tensor, Tensor, Tensor> _model;
    private readonly Tensor _x;
    private readonly double[] _y;
    private readonly double[] _w;
    private readonly int _n;
    private readonly Tensor _weights;

    public CurveFitModel(Func<Tensor, Tensor, Tensor> model, Tensor x, double[] y, double[] w, int n)
    {
        _model = model;
        _x = x;
        _y = y;
        _w = w;
        _n = n;
        _weights = Tensor.FromArray(w);
    }

    public override int M => _y.Length;

    public override int N => _n;

    /// <summary>Whether Jacobians use the one-pass pointwise route.</summary>
    public bool Pointwise { get; private set; }

    /// <summary>Checks the model at p0 and decides the Jacobian route.</summary>
    public void Prepare(double[] p0)
    {
        int m = M, n = _n;
        var general = new double[m * n];
        GeneralJacobian(p0, general);
        var fast = new double[m * n];
        try
        {
            PointwiseJacobian(p0, fast);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            Pointwise = false;
            return;
        }

        for (int j = 0; j < n; j++)
        {
            double scale = 0;
            for (int i = 0; i < m; i++)
            {
                scale = Math.Max(scale, Math.Abs(general[(j * m) + i]));
            }

            for (int i = 0; i < m; i++)
            {
                double a = general[(j * m) + i], b = fast[(j * m) + i];
                if (!(Math.Abs(a - b) <= 1e-10 * scale) && !(double.IsNaN(a) && double.IsNaN(b)))
                {
                    Pointwise = false;
                    return;
                }
            }
        }

        Pointwise = true;
    }

    /// <summary>The model's predictions at p (unweighted).</summary>
    public double[] Predict(ReadOnlySpan<double> p)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Grad.NoGrad();
        var f = _model(_x, Tensor.FromArray(p.ToArray()));
        CheckShape(f);
        return f.ToArray();
    }

    public override void Evaluate(ReadOnlySpan<double> p, Span<double> r)
    {
        using var scope = TensorScope.Begin();
        using var noGrad = Grad.NoGrad();
        var f = _model(_x, Tensor.FromArray(p.ToArray()));
        CheckShape(f);
        f.CopyTo(r);
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = (r[i] - _y[i]) * _w[i];
        }
    }

    public override void Jacobian(ReadOnlySpan<double> p, double[] jacobian)
    {
        if (Pointwise)
        {
            PointwiseJacobian(p, jacobian);
        }
        else
        {
            GeneralJacobian(p, jacobian);
        }
    }

    private void PointwiseJacobian(ReadOnlySpan<double> p, double[] jacobian)
    {
        int m = M, n = _n;
        var rep = new double[n * m];
        for (int j = 0; j < n; j++)
        {
            rep.AsSpan(j * m, m).Fill(p[j]);
        }

        using var scope = TensorScope.Begin();
        using var tape = GradientTape.Begin();
        var pw = tape.Watch(Tensor.FromArray(rep, [n, m], DType.Float64));
        var f = _model(_x, pw);
        if (f is null || f.Shape.Rank != 1 || f.Size != m || f.DType != DType.Float64)
        {
            throw new InvalidOperationException("The model is not pointwise in its parameters.");
        }

        var g = tape.Gradient(f, [pw], _weights)[0];
        g.CopyTo(jacobian);
    }

    private void GeneralJacobian(ReadOnlySpan<double> p, double[] jacobian)
    {
        int m = M, n = _n;
        Func<Tensor, Tensor> f = q =>
        {
            var y = _model(_x, q);
            CheckShape(y);
            return y;
        };
        if (m > n)
        {
            TensorResidualModel.JacobianByColumns(f, p.ToArray(), m, jacobian);
        }
        else
        {
            TensorResidualModel.JacobianByRows(f, p.ToArray(), m, jacobian);
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

        if (f.DType != DType.Float64)
        {
            throw new ArgumentException($"The model returned {f.DType} values; curve fitting works in Float64 (make x and the constants Float64).");
        }
    }
}
