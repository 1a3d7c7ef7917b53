namespace Adjoint.Calculus;

/// <summary>
/// Dormand and Prince's explicit Runge-Kutta 5(4) pair (DOPRI5): seven stages with the last first-same-as-last, the
/// fifth-order solution propagated, the embedded fourth-order one for the error, and a fourth-order dense output.
/// </summary>
/// <remarks>
/// <para>Error: err = h sum_i e_i K_i with e = b - b_hat. Dense output: y(t_old + x h) = y_old + h sum_i K_i P_i(x),
/// P_i quartic polynomials without constant term (Shampine 1986's continuous extension, scipy's <c>RK45.P</c>).</para>
/// <para>Stiffness test (for <see cref="OdeMethod.Auto"/>), Hairer and Wanner's (HNW II, IV.2 and DOPRI5's code): after
/// each accepted step h lambda ~ h ||K_6 - K_5|| / ||y_new - y_6||, the ratio of two evaluations at t + h. When it
/// exceeds 3.25 (near the boundary of the method's stability region) on 15 steps without 6 non-stiff steps in a row
/// between, the problem is declared stiff.</para>
/// <para>References: J. R. Dormand and P. J. Prince (1980), A family of embedded Runge-Kutta formulae, J. Comp. Appl.
/// Math. 6; L. F. Shampine (1986), Some practical Runge-Kutta formulas, Math. Comp. 46; Hairer, Nørsett and Wanner (1993),
/// Solving ODEs I, II.5; Hairer and Wanner (1996), Solving ODEs II, IV.2.</para>
/// </remarks>
internal sealed class Rk45Stepper : ExplicitRungeKuttaStepper
{
    private static readonly double[] s_c = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1];

    private static readonly double[][] s_a =
    [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
        [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
    ];

    private static readonly double[] s_e = [-71.0 / 57600, 0, 71.0 / 16695, -71.0 / 1920, 17253.0 / 339200, -22.0 / 525, 1.0 / 40];

    private static readonly double[][] s_p =
    [
        [1, -8048581381.0 / 2820520608, 8663915743.0 / 2820520608, -12715105075.0 / 11282082432],
        [0, 0, 0, 0],
        [0, 131558114200.0 / 32700410799, -68118460800.0 / 10900136933, 87487479700.0 / 32700410799],
        [0, -1754552775.0 / 470086768, 14199869525.0 / 1410260304, -10690763975.0 / 1880347072],
        [0, 127303824393.0 / 49829197408, -318862633887.0 / 49829197408, 701980252875.0 / 199316789632],
        [0, -282668133.0 / 205662961, 2019193451.0 / 616988883, -1453857185.0 / 822651844],
        [0, 40617522.0 / 29380423, -110615467.0 / 29380423, 69997945.0 / 29380423],
    ];

    private readonly double[] _error;
    private readonly double[] _y6;
    private int _stiffSteps;
    private int _nonStiffSteps;

    public Rk45Stepper(OdeRhs rhs, double t0, double[] z0, double[] f0, double tBound, double[] atol, double rtol, double maxStep, int controlled, int maxSteps, bool detectStiffness)
        : base(rhs, t0, z0, f0, tBound, atol, rtol, maxStep, controlled, maxSteps, 7)
    {
        _error = new double[Dimension];
        _y6 = new double[Dimension];
        DetectStiffness = detectStiffness;
    }

    public override OdeMethod Method => OdeMethod.Rk45;

    public override int ErrorEstimatorOrder => 4;

    protected override int Stages => 6;

    protected override double[] C => s_c;

    protected override double[][] A => s_a;

    protected override double[] B => s_a[6];

    /// <summary>Whether to run the stiffness test after each step.</summary>
    public bool DetectStiffness { get; }

    /// <summary>Whether the stiffness test has fired.</summary>
    public bool StiffnessDetected { get; private set; }

    protected override double ErrorNorm(double h, ReadOnlySpan<double> scale)
    {
        for (int c = 0; c < Dimension; c++)
        {
            double sum = 0;
            for (int i = 0; i < 7; i++)
            {
                sum += s_e[i] * K[i][c];
            }

            _error[c] = h * sum;
        }

        return ScaledNorm(_error, scale);
    }

    protected override void OnAccepted(double h)
    {
        if (!DetectStiffness)
        {
            return;
        }

        // y_6, the argument of stage 6 (index 5), and y_new are both evaluated at t + h: their f difference over their
        // distance estimates the largest eigenvalue's magnitude.
        StageArgument(5, h, YOld, _y6);
        double num = 0, den = 0;
        for (int c = 0; c < Controlled; c++)
        {
            double dk = K[6][c] - K[5][c];
            double dy = Y[c] - _y6[c];
            num += dk * dk;
            den += dy * dy;
        }

        if (den > 0 && Math.Abs(h) * Math.Sqrt(num / den) > 3.25)
        {
            _nonStiffSteps = 0;
            if (++_stiffSteps >= 15)
            {
                StiffnessDetected = true;
            }
        }
        else if (_stiffSteps > 0 && ++_nonStiffSteps >= 6)
        {
            _stiffSteps = 0;
            _nonStiffSteps = 0;
        }
    }

    public override DenseSegment Dense()
    {
        int d = Dimension;
        var q = new double[4 * d];
        for (int c = 0; c < d; c++)
        {
            for (int j = 0; j < 4; j++)
            {
                double sum = 0;
                for (int i = 0; i < 7; i++)
                {
                    sum += K[i][c] * s_p[i][j];
                }

                q[(j * d) + c] = sum;
            }
        }

        return new Segment(TOld, T, H, YOld, q);
    }

    private sealed class Segment(double t0, double t1, double h, double[] yOld, double[] q) : DenseSegment(t0, t1)
    {
        public override void Evaluate(double t, Span<double> y)
        {
            double x = (t - T0) / h;
            int d = yOld.Length;
            for (int c = 0; c < y.Length; c++)
            {
                double p = q[(3 * d) + c];
                p = (p * x) + q[(2 * d) + c];
                p = (p * x) + q[d + c];
                p = (p * x) + q[c];
                y[c] = yOld[c] + (h * p * x);
            }
        }
    }
}
