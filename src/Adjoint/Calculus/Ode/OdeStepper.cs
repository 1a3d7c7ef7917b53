namespace Adjoint.Calculus;

/// <summary>
/// One integration method's state between steps: the current point, the step size to try next and the counts. The
/// driver (<see cref="OdeIntegrator"/>) calls <see cref="Step"/> until the end of the span, an event or a failure.
/// </summary>
internal abstract class OdeStepper
{
    /// <summary>Machine epsilon of float64.</summary>
    protected const double MachineEpsilon = 2.220446049250313e-16;

    protected OdeStepper(OdeRhs rhs, double t0, double[] z0, double[] f0, double tBound, double[] atol, double rtol, double maxStep, int controlled, int maxSteps)
    {
        Rhs = rhs;
        Dimension = z0.Length;
        T = t0;
        TOld = t0;
        Y = (double[])z0.Clone();
        YOld = (double[])z0.Clone();
        F = (double[])f0.Clone();
        TBound = tBound;
        Direction = tBound >= t0 ? 1 : -1;
        Atol = atol;
        Rtol = rtol;
        MaxStep = maxStep;
        Controlled = controlled;
        MaxSteps = maxSteps;
    }

    protected OdeRhs Rhs { get; }

    /// <summary>The length of the integrated vector.</summary>
    protected int Dimension { get; }

    /// <summary>How many leading components enter the error norm.</summary>
    protected int Controlled { get; }

    /// <summary>Absolute tolerances, one per integrated component.</summary>
    protected double[] Atol { get; }

    protected double Rtol { get; }

    protected double MaxStep { get; }

    protected int MaxSteps { get; }

    /// <summary>The integration direction, +1 or -1.</summary>
    public double Direction { get; }

    /// <summary>The end of the span.</summary>
    public double TBound { get; }

    /// <summary>The current time.</summary>
    public double T { get; protected set; }

    /// <summary>The previous step's start.</summary>
    public double TOld { get; protected set; }

    /// <summary>The current (augmented) state.</summary>
    public double[] Y { get; protected set; }

    /// <summary>The state at <see cref="TOld"/>.</summary>
    public double[] YOld { get; protected set; }

    /// <summary>f(T, Y).</summary>
    public double[] F { get; protected set; }

    /// <summary>The size of the next step to try.</summary>
    public double HAbs { get; set; }

    public int Nlu { get; protected set; }

    public int AcceptedSteps { get; set; }

    public int RejectedSteps { get; set; }

    /// <summary>The method this stepper runs.</summary>
    public abstract OdeMethod Method { get; }

    /// <summary>The order of the error estimator, for the first step's choice.</summary>
    public abstract int ErrorEstimatorOrder { get; }

    /// <summary>Takes one accepted step; null on success, else why no step could be taken.</summary>
    public abstract OdeStatus? Step();

    /// <summary>The dense output of the last accepted step.</summary>
    public abstract DenseSegment Dense();

    /// <summary>The root-mean-square norm of x / scale over the controlled components.</summary>
    protected double ScaledNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> scale)
    {
        double sum = 0;
        int count = Controlled;
        for (int i = 0; i < count; i++)
        {
            double r = x[i] / scale[i];
            sum += r * r;
        }

        return Math.Sqrt(sum / count);
    }

    /// <summary>The smallest step allowed at t: ten times the spacing of doubles there.</summary>
    protected double MinimumStep(double t) => 10 * Math.Abs(Math.BitIncrement(Direction > 0 ? t : -t) - (Direction > 0 ? t : -t));

    /// <summary>Whether the step budget is spent.</summary>
    protected bool BudgetSpent => AcceptedSteps + RejectedSteps >= MaxSteps;

    /// <summary>
    /// The next trial step from t of size about <paramref name="hAbs"/>, shortened to end at <see cref="TBound"/>:
    /// null with h, t + h and the step's absolute size, or why no step can be tried (the size fell below
    /// <paramref name="minStep"/>, or the step budget is spent).
    /// </summary>
    protected OdeStatus? NextTrial(double t, ref double hAbs, double minStep, bool lastNonFinite, out double h, out double tNew)
    {
        h = 0;
        tNew = t;
        if (hAbs < minStep)
        {
            return lastNonFinite ? OdeStatus.NonFiniteDerivative : OdeStatus.StepSizeTooSmall;
        }

        if (BudgetSpent)
        {
            return OdeStatus.TooManySteps;
        }

        tNew = t + (hAbs * Direction);
        if (Direction * (tNew - TBound) > 0)
        {
            tNew = TBound;
        }

        h = tNew - t;
        hAbs = Math.Abs(h);
        return null;
    }

    /// <summary>
    /// The first step by Hairer, Nørsett and Wanner's algorithm (HNW I, II.4, p. 169): h0 from the sizes of y0 and f0,
    /// one explicit Euler step to estimate the second derivative, then h1 with h1^(p+1) max(d1, d2) = 0.01.
    /// </summary>
    public static double SelectInitialStep(OdeRhs rhs, double t0, double[] y0, double[] f0, double direction, int order, double[] atol, double rtol, int controlled, double maxStep, double span)
    {
        if (span == 0)
        {
            return 0;
        }

        int n = controlled;
        double d0 = 0, d1 = 0;
        var scale = new double[y0.Length];
        for (int i = 0; i < y0.Length; i++)
        {
            scale[i] = atol[i] + (Math.Abs(y0[i]) * rtol);
        }

        for (int i = 0; i < n; i++)
        {
            d0 += (y0[i] / scale[i]) * (y0[i] / scale[i]);
            d1 += (f0[i] / scale[i]) * (f0[i] / scale[i]);
        }

        d0 = Math.Sqrt(d0 / n);
        d1 = Math.Sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.Min(h0, span);
        var y1 = new double[y0.Length];
        for (int i = 0; i < y0.Length; i++)
        {
            y1[i] = y0[i] + (h0 * direction * f0[i]);
        }

        var f1 = new double[y0.Length];
        bool finite = rhs.Evaluate(t0 + (h0 * direction), y1, f1);
        double d2 = 0;
        for (int i = 0; i < n; i++)
        {
            double r = (f1[i] - f0[i]) / scale[i];
            d2 += r * r;
        }

        d2 = Math.Sqrt(d2 / n) / h0;
        double h1 = !finite || !double.IsFinite(d2)
            ? h0 * 1e-3
            : d1 <= 1e-15 && d2 <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : Math.Pow(0.01 / Math.Max(d1, d2), 1.0 / (order + 1));
        return Math.Min(Math.Min(100 * h0, h1), Math.Min(span, maxStep));
    }
}
