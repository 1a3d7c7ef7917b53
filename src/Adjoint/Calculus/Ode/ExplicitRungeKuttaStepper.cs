namespace Adjoint.Calculus;

/// <summary>
/// An embedded explicit Runge-Kutta pair with first-same-as-last stages and error-per-step control (HNW I, II.4).
/// </summary>
/// <remarks>
/// Symbols: stages K_i = f(t + c_i h, y + h sum_j a_ij K_j) for i &lt; s; y_new = y + h sum_i b_i K_i; K_s = f(t + h,
/// y_new) (reused as the next step's K_0); the error estimate err is method-specific and measured in the scaled RMS norm
/// with scale_i = atol_i + rtol max(|y_i|, |y_new,i|). An accepted step (||err|| &lt; 1) grows h by
/// min(10, 0.9 ||err||^(-1/(q+1))) (q the error estimator's order), a rejected one shrinks it by at least 0.2, and
/// after a rejection the next factor is at most 1, as in scipy.
/// </remarks>
internal abstract class ExplicitRungeKuttaStepper : OdeStepper
{
    private const double Safety = 0.9;
    private const double MinFactor = 0.2;
    private const double MaxFactor = 10;

    private readonly double[] _scale;
    private readonly double[] _stage;

    protected ExplicitRungeKuttaStepper(OdeRhs rhs, double t0, double[] z0, double[] f0, double tBound, double[] atol, double rtol, double maxStep, int controlled, int maxSteps, int stageRows)
        : base(rhs, t0, z0, f0, tBound, atol, rtol, maxStep, controlled, maxSteps)
    {
        K = new double[stageRows][];
        for (int i = 0; i < stageRows; i++)
        {
            K[i] = new double[Dimension];
        }

        _scale = new double[Dimension];
        _stage = new double[Dimension];
    }

    /// <summary>The stages of the last step; K[Stages] is f(t_new, y_new).</summary>
    protected double[][] K { get; }

    /// <summary>The number of stages before the last (first-same-as-last) one.</summary>
    protected abstract int Stages { get; }

    protected abstract double[] C { get; }

    protected abstract double[][] A { get; }

    protected abstract double[] B { get; }

    /// <summary>The step of the last accepted step (signed).</summary>
    protected double H { get; private set; }

    /// <summary>The error norm of the stages in K for a step of size h.</summary>
    protected abstract double ErrorNorm(double h, ReadOnlySpan<double> scale);

    /// <summary>Called after each accepted step (stiffness detection).</summary>
    protected virtual void OnAccepted(double h)
    {
    }

    /// <summary>The argument y + h sum_j a_ij K_j of stage <paramref name="i"/>.</summary>
    protected void StageArgument(int i, double h, double[] y, Span<double> destination)
    {
        var a = A[i];
        int d = Dimension;
        for (int c = 0; c < d; c++)
        {
            double sum = 0;
            for (int j = 0; j < i; j++)
            {
                sum += a[j] * K[j][c];
            }

            destination[c] = y[c] + (h * sum);
        }
    }

    public override OdeStatus? Step()
    {
        double t = T;
        var y = Y;
        double minStep = MinimumStep(t);
        double hAbs = Math.Clamp(HAbs, minStep, MaxStep);
        bool rejected = false, lastNonFinite = false;
        var yNew = new double[Dimension];
        while (true)
        {
            if (NextTrial(t, ref hAbs, minStep, lastNonFinite, out double h, out double tNew) is { } stop)
            {
                return stop;
            }

            F.CopyTo(K[0], 0);
            bool finite = true;
            for (int i = 1; i < Stages && finite; i++)
            {
                StageArgument(i, h, y, _stage);
                finite = Rhs.Evaluate(t + (C[i] * h), _stage, K[i]);
            }

            double error = double.NaN;
            if (finite)
            {
                StageArgument(Stages, h, y, yNew);
                finite = Rhs.Evaluate(tNew, yNew, K[Stages]);
                if (finite)
                {
                    for (int c = 0; c < Dimension; c++)
                    {
                        _scale[c] = Atol[c] + (Math.Max(Math.Abs(y[c]), Math.Abs(yNew[c])) * Rtol);
                    }

                    error = ErrorNorm(h, _scale);
                }
            }

            if (error < 1)
            {
                double factor = error == 0 ? MaxFactor : Math.Min(MaxFactor, Safety * Math.Pow(error, -1.0 / (ErrorEstimatorOrder + 1)));
                if (rejected)
                {
                    factor = Math.Min(1, factor);
                }

                HAbs = hAbs * factor;
                H = h;
                TOld = t;
                YOld = y;
                T = tNew;
                Y = yNew;
                F = (double[])K[Stages].Clone();
                AcceptedSteps++;
                OnAccepted(h);
                return null;
            }

            lastNonFinite = !double.IsFinite(error);
            double shrink = lastNonFinite ? MinFactor : Math.Max(MinFactor, Safety * Math.Pow(error, -1.0 / (ErrorEstimatorOrder + 1)));
            hAbs *= shrink;
            rejected = true;
            RejectedSteps++;
        }
    }
}
