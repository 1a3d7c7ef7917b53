using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Adjoint.Calculus;

/// <summary>
/// The three-stage Radau IIA implicit Runge-Kutta method of order 5 for stiff problems, with a simplified Newton
/// iteration on the real 3n system, the Jacobian from autodiff, an embedded error estimate and the collocation
/// polynomial as dense output.
/// </summary>
/// <remarks>
/// <para>Symbols (HNW II, IV.8): stage increments Z_i = Y_i - y_0 solve Z = h (A ⊗ I) F(y_0 + Z), F_i = f(t_0 + c_i h,
/// y_0 + Z_i), with c = ((4 - √6)/10, (4 + √6)/10, 1) and A the Radau IIA matrix; the method is stiffly accurate, so
/// y_1 = y_0 + Z_3. Newton: (I - h A ⊗ J) ΔZ = -Z + h (A ⊗ I) F(Z) with J = df/dy at the step's start, the 3n x 3n matrix
/// factored by LU (Math.NET); it stops when the rate-based estimate rate / (1 - rate) ||ΔZ|| falls below
/// max(10 eps / rtol, min(0.03, sqrt(rtol))), and fails (the Jacobian is refreshed, then h is halved) when the rate
/// reaches 1 or six iterations could not suffice. The starting guess extrapolates the previous step's collocation
/// polynomial.</para>
/// <para>Error (Hairer and Wanner's RADAU5): err = (I - h γ0 J)^(-1) (h γ0 f(t_0, y_0) + γ0 sum_i e_i Z_i) with
/// 1/γ0 = 3 + 3^(2/3) - 3^(1/3) the real eigenvalue of A^(-1) and e = (-13 - 7√6, -13 + 7√6, -1)/3; after a rejection
/// (or at the first step) an estimate above 1 is refined once with f(t_0, y_0 + err). Step size: Gustafsson's
/// predictive controller with the safety factor 0.9 (2 k_max + 1)/(2 k_max + k), k Newton iterations; the step is kept
/// (and the LU with it) after an accepted step whose factor is below 1.2, as scipy does; the Jacobian is recomputed after a step whose Newton
/// iteration converged slowly (rate &gt; 1e-3 after more than two iterations).</para>
/// <para>With sensitivities, the Newton matrix stays block diagonal: each column of S is iterated with the state's
/// I - h A ⊗ J, which is its exact Newton matrix up to the variation of J across the step.</para>
/// <para>References: Hairer and Wanner (1996), Solving Ordinary Differential Equations II, IV.8 (RADAU5); L. F.
/// Shampine and M. W. Reichelt (1997), The MATLAB ODE suite, SIAM J. Sci. Comput. 18 (the step-size and Jacobian reuse
/// heuristics that scipy follows).</para>
/// </remarks>
internal sealed class RadauStepper : OdeStepper
{
    private const int NewtonMaxIterations = 6;
    private const double MinFactor = 0.2;
    private const double MaxFactor = 10;

    private static readonly double Sqrt6 = Math.Sqrt(6);
    private static readonly double[] s_c = [(4 - Sqrt6) / 10, (4 + Sqrt6) / 10, 1];
    private static readonly double[] s_e = [(-13 - (7 * Sqrt6)) / 3, (-13 + (7 * Sqrt6)) / 3, -1.0 / 3];
    private static readonly double MuReal = 3 + Math.Cbrt(9) - Math.Cbrt(3);

    private static readonly double[,] s_a =
    {
        { (88 - (7 * Sqrt6)) / 360, (296 - (169 * Sqrt6)) / 1800, (-2 + (3 * Sqrt6)) / 225 },
        { (296 + (169 * Sqrt6)) / 1800, (88 + (7 * Sqrt6)) / 360, (-2 - (3 * Sqrt6)) / 225 },
        { (16 - Sqrt6) / 36, (16 + Sqrt6) / 36, 1.0 / 9 },
    };

    private readonly int _n;
    private readonly int _groups;
    private readonly double[] _jacobian;
    private readonly double[][] _z;
    private readonly double[][] _stageF;
    private readonly double[][] _dz;
    private readonly double[] _scale;
    private readonly double[] _work;
    private readonly double[] _rhs3;
    private readonly double[] _sol3;
    private readonly double[] _rhs1;
    private readonly double[] _sol1;
    private readonly double _newtonTolerance;
    private LU<double>? _stageLu;
    private LU<double>? _errorLu;
    private bool _jacobianCurrent;
    private double? _hAbsOld;
    private double? _errorNormOld;
    private double _h;
    private double[][]? _lastZ;
    private bool _firstStep = true;
    private bool _newtonNonFinite;
    private Segment? _lastSegment;

    public RadauStepper(OdeRhs rhs, double t0, double[] z0, double[] f0, double tBound, double[] atol, double rtol, double maxStep, int controlled, int maxSteps)
        : base(rhs, t0, z0, f0, tBound, atol, rtol, maxStep, controlled, maxSteps)
    {
        _n = rhs.N;
        _groups = Dimension / _n;
        _jacobian = new double[_n * _n];
        _z = [new double[Dimension], new double[Dimension], new double[Dimension]];
        _stageF = [new double[Dimension], new double[Dimension], new double[Dimension]];
        _dz = [new double[Dimension], new double[Dimension], new double[Dimension]];
        _scale = new double[Dimension];
        _work = new double[Dimension];
        _rhs3 = new double[3 * _n];
        _sol3 = new double[3 * _n];
        _rhs1 = new double[_n];
        _sol1 = new double[_n];
        _newtonTolerance = Math.Max(10 * MachineEpsilon / rtol, Math.Min(0.03, Math.Sqrt(rtol)));
        ComputeJacobian(t0, z0);
    }

    public override OdeMethod Method => OdeMethod.Radau;

    public override int ErrorEstimatorOrder => 3;

    private void ComputeJacobian(double t, double[] z)
    {
        var f = new double[_n];
        Rhs.Jacobian(t, z.AsSpan(0, _n), f, withParameters: false);
        Rhs.LastJacobian.CopyTo(_jacobian, 0);
        _jacobianCurrent = true;
    }

    private void Factor(double h)
    {
        int n = _n;
        var m = DenseMatrix.Create(3 * n, 3 * n, 0);
        for (int r = 0; r < 3; r++)
        {
            for (int s = 0; s < 3; s++)
            {
                double ha = h * s_a[r, s];
                for (int i = 0; i < n; i++)
                {
                    for (int k = 0; k < n; k++)
                    {
                        double v = -ha * _jacobian[(i * n) + k];
                        if (r == s && i == k)
                        {
                            v += 1;
                        }

                        m[(r * n) + i, (s * n) + k] = v;
                    }
                }
            }
        }

        var e = DenseMatrix.Create(n, n, 0);
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                e[i, k] = ((i == k ? MuReal : 0) / h) - _jacobian[(i * n) + k];
            }
        }

        _stageLu = m.LU();
        _errorLu = e.LU();
        Nlu += 2;
    }

    /// <summary>Solves (MuReal/h I - J) x = b on each group of n components.</summary>
    private void SolveError(double[] b, double[] x, int groups)
    {
        var bv = new DenseVector(_rhs1);
        var xv = new DenseVector(_sol1);
        for (int g = 0; g < groups; g++)
        {
            Array.Copy(b, g * _n, _rhs1, 0, _n);
            _errorLu!.Solve(bv, xv);
            Array.Copy(_sol1, 0, x, g * _n, _n);
        }
    }

    private (bool Converged, int Iterations, double Rate) Newton(double t, double h, double[] y)
    {
        int n = _n, d = Dimension;
        double? normOld = null;
        double rate = double.NaN;
        var bv = new DenseVector(_rhs3);
        var xv = new DenseVector(_sol3);
        _newtonNonFinite = false;
        for (int k = 0; k < NewtonMaxIterations; k++)
        {
            for (int s = 0; s < 3; s++)
            {
                for (int c = 0; c < d; c++)
                {
                    _work[c] = y[c] + _z[s][c];
                }

                if (!Rhs.Evaluate(t + (s_c[s] * h), _work, _stageF[s]))
                {
                    _newtonNonFinite = true;
                    return (false, k + 1, rate);
                }
            }

            double sum = 0;
            for (int g = 0; g < _groups; g++)
            {
                for (int s = 0; s < 3; s++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        int c = (g * n) + i;
                        _rhs3[(s * n) + i] = -_z[s][c] + (h * ((s_a[s, 0] * _stageF[0][c]) + (s_a[s, 1] * _stageF[1][c]) + (s_a[s, 2] * _stageF[2][c])));
                    }
                }

                _stageLu!.Solve(bv, xv);
                for (int s = 0; s < 3; s++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        int c = (g * n) + i;
                        double v = _sol3[(s * n) + i];
                        _dz[s][c] = v;
                        double r = v / _scale[c];
                        sum += r * r;
                    }
                }
            }

            double norm = Math.Sqrt(sum / (3 * d));
            if (!double.IsFinite(norm))
            {
                _newtonNonFinite = true;
                return (false, k + 1, rate);
            }

            if (normOld is { } old)
            {
                rate = norm / old;
            }

            if (!double.IsNaN(rate) && (rate >= 1 || (Math.Pow(rate, NewtonMaxIterations - k) / (1 - rate) * norm) > _newtonTolerance))
            {
                return (false, k + 1, rate);
            }

            for (int s = 0; s < 3; s++)
            {
                for (int c = 0; c < d; c++)
                {
                    _z[s][c] += _dz[s][c];
                }
            }

            if (norm == 0 || (!double.IsNaN(rate) && rate / (1 - rate) * norm < _newtonTolerance))
            {
                return (true, k + 1, rate);
            }

            normOld = norm;
        }

        return (false, NewtonMaxIterations, rate);
    }

    private static double PredictFactor(double hAbs, double? hAbsOld, double errorNorm, double? errorNormOld)
    {
        double multiplier = errorNormOld is { } eo && hAbsOld is { } ho && errorNorm != 0 ? hAbs / ho * Math.Pow(eo / errorNorm, 0.25) : 1;
        return Math.Min(1, multiplier) * Math.Pow(errorNorm, -0.25);
    }

    public override OdeStatus? Step()
    {
        double t = T;
        var y = Y;
        int d = Dimension;
        double minStep = MinimumStep(t);
        double hAbs = HAbs;
        if (hAbs > MaxStep)
        {
            hAbs = MaxStep;
            _stageLu = null;
        }
        else if (hAbs < minStep)
        {
            hAbs = minStep;
            _stageLu = null;
        }

        bool rejected = false, lastNonFinite = false;
        var yNew = new double[d];
        var error = new double[d];
        var ze = new double[d];
        while (true)
        {
            if (NextTrial(t, ref hAbs, minStep, lastNonFinite, out double h, out double tNew) is { } stop)
            {
                return stop;
            }

            if (h != _h)
            {
                _stageLu = null;
            }

            for (int s = 0; s < 3; s++)
            {
                if (_lastZ is null)
                {
                    Array.Clear(_z[s]);
                }
                else
                {
                    Extrapolate(t + (s_c[s] * h), _z[s]);
                    for (int c = 0; c < d; c++)
                    {
                        _z[s][c] -= y[c];
                    }
                }
            }

            for (int c = 0; c < d; c++)
            {
                _scale[c] = Atol[c] + (Math.Abs(y[c]) * Rtol);
            }

            bool converged = false;
            int iterations = 0;
            double rate = double.NaN;
            while (true)
            {
                if (_stageLu is null)
                {
                    Factor(h);
                    _h = h;
                }

                (converged, iterations, rate) = Newton(t, h, y);
                if (converged || _jacobianCurrent)
                {
                    break;
                }

                ComputeJacobian(t, y);
                _stageLu = null;
            }

            if (!converged)
            {
                lastNonFinite = _newtonNonFinite;
                hAbs *= 0.5;
                _stageLu = null;
                rejected = true;
                RejectedSteps++;
                continue;
            }

            for (int c = 0; c < d; c++)
            {
                yNew[c] = y[c] + _z[2][c];
                ze[c] = ((s_e[0] * _z[0][c]) + (s_e[1] * _z[1][c]) + (s_e[2] * _z[2][c])) / h;
                _work[c] = F[c] + ze[c];
                _scale[c] = Atol[c] + (Math.Max(Math.Abs(y[c]), Math.Abs(yNew[c])) * Rtol);
            }

            int errorGroups = Controlled / _n;
            SolveError(_work, error, errorGroups);
            double errorNorm = ScaledNorm(error, _scale);
            double safety = 0.9 * ((2 * NewtonMaxIterations) + 1) / ((2 * NewtonMaxIterations) + iterations);
            if ((rejected || _firstStep) && errorNorm > 1)
            {
                for (int c = 0; c < d; c++)
                {
                    _work[c] = y[c] + (c < Controlled ? error[c] : 0);
                }

                var refined = new double[d];
                if (Rhs.Evaluate(t, _work, refined))
                {
                    for (int c = 0; c < d; c++)
                    {
                        refined[c] += ze[c];
                    }

                    SolveError(refined, error, errorGroups);
                    errorNorm = ScaledNorm(error, _scale);
                }
            }

            if (!(errorNorm <= 1))
            {
                double factor = double.IsFinite(errorNorm) ? PredictFactor(hAbs, _hAbsOld, errorNorm, _errorNormOld) : MinFactor;
                hAbs *= Math.Max(MinFactor, safety * factor);
                _stageLu = null;
                rejected = true;
                RejectedSteps++;
                continue;
            }

            bool recomputeJacobian = iterations > 2 && rate > 1e-3;
            double grow = Math.Min(MaxFactor, safety * PredictFactor(hAbs, _hAbsOld, errorNorm, _errorNormOld));
            if (!recomputeJacobian && grow < 1.2)
            {
                grow = 1;
            }
            else
            {
                _stageLu = null;
            }

            var fNew = new double[d];
            bool finite = Rhs.Evaluate(tNew, yNew, fNew);
            if (!finite)
            {
                hAbs *= 0.5;
                _stageLu = null;
                rejected = true;
                RejectedSteps++;
                lastNonFinite = true;
                continue;
            }

            if (recomputeJacobian)
            {
                ComputeJacobian(tNew, yNew);
                _stageLu = null;
            }
            else
            {
                _jacobianCurrent = false;
            }

            _hAbsOld = hAbs;
            _errorNormOld = errorNorm;
            HAbs = hAbs * grow;
            TOld = t;
            YOld = y;
            T = tNew;
            Y = yNew;
            F = fNew;
            _lastZ = [(double[])_z[0].Clone(), (double[])_z[1].Clone(), (double[])_z[2].Clone()];
            _lastSegment = new Segment(TOld, T, h, YOld, _lastZ);
            _firstStep = false;
            AcceptedSteps++;
            return null;
        }
    }

    private void Extrapolate(double t, double[] destination) => _lastSegment!.Evaluate(t, destination);

    public override DenseSegment Dense() => _lastSegment ?? throw new InvalidOperationException("No step has been taken.");

    /// <summary>The collocation polynomial y_0 + sum_i Z_i L_i(x), L_i cubic with L_i(0) = 0 and L_i(c_j) = δ_ij.</summary>
    private sealed class Segment(double t0, double t1, double h, double[] yOld, double[][] z) : DenseSegment(t0, t1)
    {
        public override void Evaluate(double t, Span<double> y)
        {
            double x = (t - T0) / h;
            Span<double> l = stackalloc double[3];
            for (int i = 0; i < 3; i++)
            {
                double v = x / s_c[i];
                for (int j = 0; j < 3; j++)
                {
                    if (j != i)
                    {
                        v *= (x - s_c[j]) / (s_c[i] - s_c[j]);
                    }
                }

                l[i] = v;
            }

            for (int c = 0; c < y.Length; c++)
            {
                y[c] = yOld[c] + (l[0] * z[0][c]) + (l[1] * z[1][c]) + (l[2] * z[2][c]);
            }
        }
    }
}
