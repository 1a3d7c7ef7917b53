namespace Adjoint.Calculus;

/// <summary>
/// Dormand and Prince's explicit Runge-Kutta 8(5,3) method (DOP853): twelve stages plus the first-same-as-last one,
/// an error estimate blending fifth- and third-order embedded solutions, and a seventh-order dense output from three
/// more stages.
/// </summary>
/// <remarks>
/// <para>Error (Hairer's DOP853): with err5 = sum_i e5_i K_i and err3 = sum_i e3_i K_i, scaled componentwise,
/// ||err|| = |h| ||err5||^2 / sqrt(n (||err5||^2 + 0.01 ||err3||^2)) (Euclidean norms), which behaves like the fifth-order
/// estimate where it is reliable and guards it with the third-order one.</para>
/// <para>Dense output: three extra stages K_13..K_15 at c = 0.1, 0.2, 7/9, then with F_0 = y_new - y_old,
/// F_1 = h f_old - F_0, F_2 = 2 F_0 - h (f_new + f_old) and F_{3..6} = h D K, the polynomial
/// y_old + x (F_0 + (1 - x) (F_1 + x (F_2 + (1 - x) (F_3 + x (F_4 + (1 - x) (F_5 + x F_6)))))) in x = (t - t_old) / h.</para>
/// <para>The coefficient tables are those published with Hairer's DOP853 code (also scipy's
/// <c>dop853_coefficients</c>).</para>
/// <para>References: P. J. Prince and J. R. Dormand (1981), High order embedded Runge-Kutta formulae, J. Comp. Appl.
/// Math. 7; Hairer, Nørsett and Wanner (1993), Solving ODEs I, II.5 and II.10.</para>
/// </remarks>
internal sealed class Dop853Stepper : ExplicitRungeKuttaStepper
{
    private static readonly double[] s_c = [0.0, 0.05260015195876773, 0.0789002279381516, 0.1183503419072274, 0.2816496580927726, 0.3333333333333333, 0.25, 0.3076923076923077, 0.6512820512820513, 0.6, 0.8571428571428571, 1.0, 1.0, 0.1, 0.2, 0.7777777777777778];

    private static readonly double[][] s_a =
    [
        [],
        [0.05260015195876773],
        [0.0197250569845379, 0.0591751709536137],
        [0.02958758547680685, 0.0, 0.08876275643042054],
        [0.2413651341592667, 0.0, -0.8845494793282861, 0.924834003261792],
        [0.037037037037037035, 0.0, 0.0, 0.17082860872947386, 0.12546768756682242],
        [0.037109375, 0.0, 0.0, 0.17025221101954405, 0.06021653898045596, -0.017578125],
        [0.03709200011850479, 0.0, 0.0, 0.17038392571223998, 0.10726203044637328, -0.015319437748624402, 0.008273789163814023],
        [0.6241109587160757, 0.0, 0.0, -3.3608926294469414, -0.868219346841726, 27.59209969944671, 20.154067550477894, -43.48988418106996],
        [0.47766253643826434, 0.0, 0.0, -2.4881146199716677, -0.590290826836843, 21.230051448181193, 15.279233632882423, -33.28821096898486, -0.020331201708508627],
        [-0.9371424300859873, 0.0, 0.0, 5.186372428844064, 1.0914373489967295, -8.149787010746927, -18.52006565999696, 22.739487099350505, 2.4936055526796523, -3.0467644718982196],
        [2.273310147516538, 0.0, 0.0, -10.53449546673725, -2.0008720582248625, -17.9589318631188, 27.94888452941996, -2.8589982771350235, -8.87285693353063, 12.360567175794303, 0.6433927460157636],
        [0.054293734116568765, 0.0, 0.0, 0.0, 0.0, 4.450312892752409, 1.8915178993145003, -5.801203960010585, 0.3111643669578199, -0.1521609496625161, 0.20136540080403034, 0.04471061572777259],
        [0.056167502283047954, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25350021021662483, -0.2462390374708025, -0.12419142326381637, 0.15329179827876568, 0.00820105229563469, 0.007567897660545699, -0.008298],
        [0.03183464816350214, 0.0, 0.0, 0.0, 0.0, 0.028300909672366776, 0.053541988307438566, -0.05492374857139099, 0.0, 0.0, -0.00010834732869724932, 0.0003825710908356584, -0.00034046500868740456, 0.1413124436746325],
        [-0.42889630158379194, 0.0, 0.0, 0.0, 0.0, -4.697621415361164, 7.683421196062599, 4.06898981839711, 0.3567271874552811, 0.0, 0.0, 0.0, -0.0013990241651590145, 2.9475147891527724, -9.15095847217987],
    ];

    private static readonly double[] s_e3 = [-0.18980075407240762, 0.0, 0.0, 0.0, 0.0, 4.450312892752409, 1.8915178993145003, -5.801203960010585, -0.4226823213237919, -0.1521609496625161, 0.20136540080403034, 0.02265179219836082, 0.0];

    private static readonly double[] s_e5 = [0.01312004499419488, 0.0, 0.0, 0.0, 0.0, -1.2251564463762044, -0.4957589496572502, 1.6643771824549864, -0.35032884874997366, 0.3341791187130175, 0.08192320648511571, -0.022355307863886294, 0.0];

    private static readonly double[][] s_d =
    [
        [-8.428938276109013, 0.0, 0.0, 0.0, 0.0, 0.5667149535193777, -3.0689499459498917, 2.38466765651207, 2.117034582445028, -0.871391583777973, 2.2404374302607883, 0.6315787787694688, -0.08899033645133331, 18.148505520854727, -9.194632392478356, -4.436036387594894],
        [10.427508642579134, 0.0, 0.0, 0.0, 0.0, 242.28349177525817, 165.20045171727028, -374.5467547226902, -22.113666853125306, 7.733432668472264, -30.674084731089398, -9.332130526430229, 15.697238121770845, -31.139403219565178, -9.35292435884448, 35.81684148639408],
        [19.985053242002433, 0.0, 0.0, 0.0, 0.0, -387.0373087493518, -189.17813819516758, 527.8081592054236, -11.57390253995963, 6.8812326946963, -1.0006050966910838, 0.7777137798053443, -2.778205752353508, -60.19669523126412, 84.32040550667716, 11.99229113618279],
        [-25.69393346270375, 0.0, 0.0, 0.0, 0.0, -154.18974869023643, -231.5293791760455, 357.6391179106141, 93.40532418362432, -37.45832313645163, 104.0996495089623, 29.8402934266605, -43.53345659001114, 96.32455395918828, -39.17726167561544, -149.72683625798564],
    ];

    private readonly double[] _err5;
    private readonly double[] _err3;

    public Dop853Stepper(OdeRhs rhs, double t0, double[] z0, double[] f0, double tBound, double[] atol, double rtol, double maxStep, int controlled, int maxSteps)
        : base(rhs, t0, z0, f0, tBound, atol, rtol, maxStep, controlled, maxSteps, 16)
    {
        _err5 = new double[Dimension];
        _err3 = new double[Dimension];
    }

    public override OdeMethod Method => OdeMethod.Dop853;

    public override int ErrorEstimatorOrder => 7;

    protected override int Stages => 12;

    protected override double[] C => s_c;

    protected override double[][] A => s_a;

    protected override double[] B => s_a[12];

    protected override double ErrorNorm(double h, ReadOnlySpan<double> scale)
    {
        double norm5 = 0, norm3 = 0;
        for (int c = 0; c < Controlled; c++)
        {
            double e5 = 0, e3 = 0;
            for (int i = 0; i < 13; i++)
            {
                e5 += s_e5[i] * K[i][c];
                e3 += s_e3[i] * K[i][c];
            }

            e5 /= scale[c];
            e3 /= scale[c];
            norm5 += e5 * e5;
            norm3 += e3 * e3;
        }

        if (norm5 == 0 && norm3 == 0)
        {
            return 0;
        }

        return Math.Abs(h) * norm5 / Math.Sqrt((norm5 + (0.01 * norm3)) * Controlled);
    }

    public override DenseSegment Dense()
    {
        int d = Dimension;
        double h = T - TOld;
        var stage = new double[d];
        for (int s = 13; s < 16; s++)
        {
            StageArgument(s, h, YOld, stage);
            Rhs.Evaluate(TOld + (s_c[s] * h), stage, K[s]);
        }

        var coefficients = new double[7 * d];
        for (int c = 0; c < d; c++)
        {
            double dy = Y[c] - YOld[c];
            coefficients[c] = dy;
            coefficients[d + c] = (h * K[0][c]) - dy;
            coefficients[(2 * d) + c] = (2 * dy) - (h * (K[12][c] + K[0][c]));
            for (int r = 0; r < 4; r++)
            {
                double sum = 0;
                var row = s_d[r];
                for (int i = 0; i < 16; i++)
                {
                    sum += row[i] * K[i][c];
                }

                coefficients[((3 + r) * d) + c] = h * sum;
            }
        }

        return new Segment(TOld, T, h, YOld, coefficients);
    }

    private sealed class Segment(double t0, double t1, double h, double[] yOld, double[] coefficients) : DenseSegment(t0, t1)
    {
        public override void Evaluate(double t, Span<double> y)
        {
            double x = (t - T0) / h;
            int d = yOld.Length;
            for (int c = 0; c < y.Length; c++)
            {
                double p = 0;
                for (int r = 6; r >= 0; r--)
                {
                    p += coefficients[(r * d) + c];
                    p *= (6 - r) % 2 == 0 ? x : 1 - x;
                }

                y[c] = yOld[c] + p;
            }
        }
    }
}
