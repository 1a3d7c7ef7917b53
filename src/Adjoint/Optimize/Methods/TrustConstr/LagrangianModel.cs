namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>
/// The Lagrangian Hessian W ≈ ∇²ₓₓL(x, v) the SQP steps multiply by: exact products, or a dense BFGS or SR1 approximation
/// (see <see cref="HessianApproximation"/>).
/// </summary>
internal sealed class LagrangianModel
{
    private readonly NonlinearProgram _program;
    private readonly HessianApproximation _kind;
    private readonly int _n;
    private readonly double[] _x;
    private double[] _veq;
    private double[] _vin;
    // quasi-Newton
    private readonly double[,]? _b;
    private readonly double[]? _xOld;
    private readonly double[]? _gOld;
    private readonly double[,]? _jeqOld;
    private readonly double[,]? _jinOld;
    private bool _havePrevious;
    private bool _scaled;

    /// <summary>Creates the model for <paramref name="program"/>.</summary>
    public LagrangianModel(NonlinearProgram program, HessianApproximation kind)
    {
        _program = program;
        _kind = kind;
        _n = program.Dimension;
        _x = new double[_n];
        _veq = new double[program.EqualityCount];
        _vin = new double[program.InequalityCount];
        if (kind != HessianApproximation.Exact)
        {
            _b = new double[_n, _n];
            for (int i = 0; i < _n; i++)
            {
                _b[i, i] = 1;
            }

            _xOld = new double[_n];
            _gOld = new double[_n];
            _jeqOld = new double[program.EqualityCount, _n];
            _jinOld = new double[program.InequalityCount - program.BoundRowCount, _n];
        }
    }

    /// <summary>The number of Hessian-vector products taken (exact model) since creation.</summary>
    public int Products { get; private set; }

    /// <summary>The number of quasi-Newton updates applied.</summary>
    public int Updates { get; private set; }

    /// <summary>
    /// Moves the model to the iterate x with gradient g, Jacobians and multipliers v (a quasi-Newton model updates
    /// itself with the step from the previous iterate).
    /// </summary>
    public void Prepare(double[] x, double[] g, double[,] jeq, double[,] jin, double[] veq, double[] vin)
    {
        x.AsSpan(0, _n).CopyTo(_x);
        _veq = (double[])veq.Clone();
        _vin = (double[])vin.Clone();
        if (_b is null)
        {
            return;
        }

        if (_havePrevious)
        {
            var s = new double[_n];
            bool moved = false;
            for (int i = 0; i < _n; i++)
            {
                s[i] = x[i] - _xOld![i];
                moved |= s[i] != 0;
            }

            if (moved)
            {
                // y = ∇L(x₊, v₊) - ∇L(x, v₊)
                var y = new double[_n];
                var t = new double[_n];
                for (int i = 0; i < _n; i++)
                {
                    y[i] = g[i] - _gOld![i];
                }

                AddTransposed(jeq, veq, y, 1);
                AddTransposed(_jeqOld!, veq, y, -1);
                AddTransposed(jin, vin, y, 1);
                AddTransposed(_jinOld!, vin, y, -1);
                Update(s, y, t);
            }
        }

        x.AsSpan(0, _n).CopyTo(_xOld);
        g.AsSpan(0, _n).CopyTo(_gOld);
        Array.Copy(jeq, _jeqOld!, jeq.Length);
        Array.Copy(jin, _jinOld!, jin.Length);
        _havePrevious = true;
    }

    /// <summary>result = W p.</summary>
    public void Multiply(ReadOnlySpan<double> p, Span<double> result)
    {
        if (_b is null)
        {
            if (DenseOps.InfNorm(p) == 0)
            {
                result[.._n].Clear();
                return;
            }

            Products++;
            _program.LagrangianHessianProduct(_x, _veq, _vin, p, result);
            return;
        }

        for (int i = 0; i < _n; i++)
        {
            double sum = 0;
            for (int j = 0; j < _n; j++)
            {
                sum += _b[i, j] * p[j];
            }

            result[i] = sum;
        }
    }

    private static void AddTransposed(double[,] j, double[] v, double[] y, double sign)
    {
        int m = j.GetLength(0), n = j.GetLength(1);
        for (int r = 0; r < m; r++)
        {
            double vr = sign * v[r];
            if (vr == 0)
            {
                continue;
            }

            for (int c = 0; c < n; c++)
            {
                y[c] += j[r, c] * vr;
            }
        }
    }

    private void Update(double[] s, double[] y, double[] bs)
    {
        var b = _b!;
        double sy = DenseOps.Dot(s, y);
        if (!_scaled)
        {
            _scaled = true;
            double yy = DenseOps.Dot(y, y);
            if (sy > 0 && yy > 0 && double.IsFinite(yy / sy))
            {
                double scale = yy / sy;
                for (int i = 0; i < _n; i++)
                {
                    b[i, i] = scale;
                }
            }
        }

        for (int i = 0; i < _n; i++)
        {
            double sum = 0;
            for (int j = 0; j < _n; j++)
            {
                sum += b[i, j] * s[j];
            }

            bs[i] = sum;
        }

        double sbs = DenseOps.Dot(s, bs);
        if (_kind == HessianApproximation.Bfgs)
        {
            if (!(sbs > 0))
            {
                return;
            }

            // Powell's damping keeps B positive definite.
            var r = y;
            if (sy < 0.2 * sbs)
            {
                double theta = 0.8 * sbs / (sbs - sy);
                for (int i = 0; i < _n; i++)
                {
                    r[i] = (theta * y[i]) + ((1 - theta) * bs[i]);
                }
            }

            double sr = DenseOps.Dot(s, r);
            if (!(sr > 0) || !double.IsFinite(sr))
            {
                return;
            }

            for (int i = 0; i < _n; i++)
            {
                for (int j = 0; j < _n; j++)
                {
                    b[i, j] += (r[i] * r[j] / sr) - (bs[i] * bs[j] / sbs);
                }
            }

            Updates++;
            return;
        }

        // SR1
        var w = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            w[i] = y[i] - bs[i];
        }

        double sw = DenseOps.Dot(s, w);
        if (!(Math.Abs(sw) >= 1e-8 * DenseOps.Norm(s) * DenseOps.Norm(w)) || sw == 0 || !double.IsFinite(sw))
        {
            return;
        }

        for (int i = 0; i < _n; i++)
        {
            for (int j = 0; j < _n; j++)
            {
                b[i, j] += w[i] * w[j] / sw;
            }
        }

        Updates++;
    }
}
