using System.Runtime.InteropServices;

namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>
/// The trust-constr algorithm, one trial step at a time: the Byrd-Omojokun trust-region SQP iteration for equality
/// constraints, inside the barrier (interior point) loop of Byrd, Hribar, Nocedal (1999) when there are inequalities.
/// </summary>
/// <remarks>
/// <para><b>Barrier subproblem.</b> With slacks s &gt; 0 the program becomes min f(x) - μ Σ ln sᵢ subject to h(x) = 0 and
/// g(x) + s = 0, solved in the scaled variables z = (x, S⁻¹s) (so the slack step is S d_s): gradient (∇f, -μ·1),
/// Jacobian [[∇h, 0], [∇g, S]], Hessian blocks W (the Lagrangian's in x) and S Σ S with Σ = S⁻¹V (primal-dual,
/// where vᵢ &gt; 0) or μS⁻² (primal). Slacks start at max(-1.5 g(x₀), 1). The trust region keeps d_s ≥ -τ, τ = 0.995
/// (fraction to the boundary). A subproblem ends when its own optimality and violation fall below the barrier
/// tolerance, or its trust radius below xtol; then μ and the tolerance shrink by 0.2 and the radius restarts at
/// max(Δ₀, 5Δ). Without inequalities the SQP iteration runs on the program itself. When the program has strict bounds
/// (<see cref="NonlinearProgram.StrictLower"/>), the x-part of the step is taken in variables scaled by
/// Dᵢ = min(1, distance to the nearest bound) and kept inside the fraction-to-the-boundary box as well (affine scaling,
/// Coleman and Li 1996); multipliers and optimality are computed in the unscaled variables.</para>
/// <para><b>SQP step.</b> The normal step d_n minimizes ‖A d + b‖ within 0.8Δ (<see cref="NormalStep"/>, box scaled by
/// 0.5); the tangential step minimizes the quadratic model in the null space of A within √(Δ² - ‖d_n‖²)
/// (<see cref="ProjectedCg"/>). Merit φ = f + ν‖c‖₂; ν grows to q / ((1 - 0.3)·vpred) when the model value q is positive
/// (vpred = ‖b‖ - ‖A d + b‖). A step with ratio ρ = ared / pred ≥ 1e-8 is accepted; a second-order correction
/// -Aᵀ(AAᵀ)⁻¹c(x + d) is tried when ρ is smaller and ‖d_n‖ ≤ 0.1‖d_t‖. Radius: ρ ≥ 0.9 → max(7‖d‖, Δ); ρ ≥ 0.3 →
/// max(2‖d‖, Δ); ρ &lt; 1e-8 → Δ reduced to between 0.1Δ and 0.5Δ (Conn, Gould, Toint 2000, section 17.4).
/// Multipliers are the least-squares estimates v = -argmin ‖Aᵀv + ∇f‖.</para>
/// <para><b>Stop tests</b> (scipy's): ‖∇ₓL‖∞ &lt; gtol and violation &lt; gtol; Δ &lt; xtol (and μ &lt; barrier_tol with
/// inequalities).</para>
/// <para>References: Byrd, Hribar, Nocedal (1999); Lalee, Nocedal, Plantenga (1998); Nocedal &amp; Wright (2006),
/// sections 18.5 and 19.3; Conn, Gould, Toint (2000), section 15.4.</para>
/// </remarks>
internal sealed class InteriorPointSqp
{
    private const double PenaltyFactor = 0.3;
    private const double LargeReduction = 0.9;
    private const double IntermediaryReduction = 0.3;
    private const double SufficientReduction = 1e-8;
    private const double EnlargeLarge = 7.0;
    private const double EnlargeSmall = 2.0;
    private const double MaxTrustReduction = 0.5;
    private const double MinTrustReduction = 0.1;
    private const double SocThreshold = 0.1;
    private const double NormalFactor = 0.8;
    private const double BoxFactor = 0.5;
    private const double BoundaryParameter = 0.995;
    private const double BarrierDecay = 0.2;
    private const double TrustEnlargement = 5;
    private const int MaxBarrierUpdatesPerCheck = 500;
    // Barrier Jacobians with fewer entries (mz·nz) than this use the dense QR/SVD operators, which are cheap at that size
    // and avoid the squared condition number of the normal equations.
    private const long DenseOperatorLimit = 20_000;

    /// <summary>The numbers the algorithm starts from and stops at (scipy's option names in the docs).</summary>
    public readonly record struct Settings(double InitialTrustRadius, double InitialPenalty, double InitialBarrierParameter,
        double InitialBarrierTolerance, double GradientTolerance, double StepTolerance, double BarrierTolerance, bool SecondOrderCorrection = true,
        bool RequireComplementarity = true);

    /// <summary>What <see cref="Check"/> decided.</summary>
    public enum Verdict
    {
        /// <summary>Take another trial step.</summary>
        Continue,

        /// <summary>‖∇ₓL‖∞ &lt; gtol and violation &lt; gtol.</summary>
        Optimal,

        /// <summary>The trust radius fell below xtol (with the barrier parameter below barrier_tol when there are inequalities).</summary>
        StepTolerance,
    }

    private readonly NonlinearProgram _p;
    private readonly LagrangianModel _model;
    private readonly Settings _set;
    private readonly int _n, _ne, _ni, _nz, _mz, _nb, _ng, _mg;
    private readonly double[] _z, _x, _g, _ceq, _cin;
    private readonly double[,] _jeq, _jin;
    private readonly double[] _lb, _ub, _lbHalf, _ubHalf, _d;
    private readonly bool _scaled;
    // subproblem at z
    private double _fsub;
    private readonly double[] _b, _c, _v, _veq, _vin, _hs;
    // The Jacobian of the barrier constraints in structure: general rows [∇h; ∇g without the bound rows] (row-major,
    // columns scaled by D when the x-scaling is on) and the bound rows' variables and entries; dense only as fallback.
    private readonly double[] _gen;
    private readonly int[] _boundVar;
    private readonly double[] _boundCoef, _boundCoefScaled;
    private double[,]? _a;
    private IConstraintOperator _proj = null!;
    // trial buffers
    private readonly Trial _trial, _soc;

    /// <summary>Prepares the algorithm for <paramref name="program"/>.</summary>
    public InteriorPointSqp(NonlinearProgram program, LagrangianModel model, Settings settings)
    {
        _p = program;
        _model = model;
        _set = settings;
        _n = program.Dimension;
        _ne = program.EqualityCount;
        _ni = program.InequalityCount;
        _nz = _n + _ni;
        _mz = _ne + _ni;
        _nb = program.BoundRowCount;
        _ng = _ni - _nb;
        _mg = _ne + _ng;
        _gen = new double[_mg * _n];
        _boundVar = new int[_nb];
        _boundCoef = new double[_nb];
        _boundCoefScaled = new double[_nb];
        for (int k = 0; k < _nb; k++)
        {
            (_boundVar[k], _boundCoef[k]) = program.BoundRow(k);
        }
        _z = new double[_nz];
        _x = new double[_n];
        _g = new double[_n];
        _ceq = new double[_ne];
        _cin = new double[_ni];
        _jeq = new double[_ne, _n];
        _jin = new double[_ng, _n];
        _lb = new double[_nz];
        _ub = new double[_nz];
        _d = new double[_n];
        Array.Fill(_d, 1.0);
        _scaled = program.StrictLower is not null && program.StrictUpper is not null;
        _lbHalf = new double[_nz];
        _ubHalf = new double[_nz];
        for (int i = 0; i < _nz; i++)
        {
            _lb[i] = i < _n ? double.NegativeInfinity : -BoundaryParameter;
            _ub[i] = double.PositiveInfinity;
            _lbHalf[i] = BoxFactor * _lb[i];
            _ubHalf[i] = BoxFactor * _ub[i];
        }

        _b = new double[_mz];
        _c = new double[_nz];
        _v = new double[_mz];
        _veq = new double[_ne];
        _vin = new double[_ni];
        _hs = new double[_ni];
        _trial = new Trial(_nz, _n, _ne, _ni, _mz);
        _soc = new Trial(_nz, _n, _ne, _ni, _mz);
        TrustRadius = settings.InitialTrustRadius;
        Penalty = settings.InitialPenalty;
        BarrierParameter = settings.InitialBarrierParameter;
        BarrierTolerance = settings.InitialBarrierTolerance;
    }

    /// <summary>The current iterate x (a view of the first n entries of z).</summary>
    public double[] X => _x;

    /// <summary>f(x).</summary>
    public double F { get; private set; }

    /// <summary>∇f(x).</summary>
    public double[] Gradient => _g;

    /// <summary>h(x).</summary>
    public double[] EqualityValues => _ceq;

    /// <summary>g(x).</summary>
    public double[] InequalityValues => _cin;

    /// <summary>The least-squares multipliers of the equality rows.</summary>
    public double[] EqualityMultipliers => _veq;

    /// <summary>The least-squares multipliers of the inequality rows (≥ 0 at a solution).</summary>
    public double[] InequalityMultipliers => _vin;

    /// <summary>The slacks s (length: the number of inequality rows).</summary>
    public ReadOnlySpan<double> Slacks => _z.AsSpan(_n);

    /// <summary>‖∇f + ∇hᵀv_eq + ∇gᵀv_ineq‖∞ at x (scipy's <c>optimality</c>).</summary>
    public double Optimality { get; private set; }

    /// <summary>The program's constraint violation at x (scipy's <c>constr_violation</c>).</summary>
    public double Violation { get; private set; }

    /// <summary>
    /// max over inequality rows of |vᵢ gᵢ(x)| and -vᵢ: the complementarity and dual-sign residual of the KKT conditions
    /// (0 without inequalities). scipy's stop test ignores it; <see cref="Settings.RequireComplementarity"/> adds it.
    /// </summary>
    public double Complementarity { get; private set; }

    /// <summary>The barrier subproblem's optimality (scaled, slack components included).</summary>
    public double SubproblemOptimality { get; private set; }

    /// <summary>The barrier subproblem's violation ‖(h, g + s)‖∞.</summary>
    public double SubproblemViolation { get; private set; }

    /// <summary>The trust radius Δ.</summary>
    public double TrustRadius { get; private set; }

    /// <summary>The merit-function penalty ν.</summary>
    public double Penalty { get; private set; }

    /// <summary>The barrier parameter μ.</summary>
    public double BarrierParameter { get; private set; }

    /// <summary>The barrier subproblem's tolerance.</summary>
    public double BarrierTolerance { get; private set; }

    /// <summary>Trial steps taken (accepted or not).</summary>
    public int Trials { get; private set; }

    /// <summary>Barrier parameter updates made.</summary>
    public int BarrierUpdates { get; private set; }

    /// <summary>Projected CG iterations, all steps together.</summary>
    public int CgIterations { get; private set; }

    /// <summary>The stop condition of the last projected CG run.</summary>
    public ProjectedCg.Stop LastCgStop { get; private set; }

    /// <summary>Whether the last trial step was rejected.</summary>
    public bool LastFailed { get; private set; }

    /// <summary>Whether the last trial point gave a non-finite f, ∇f or constraint value.</summary>
    public bool LastTrialNonFinite { get; private set; }

    /// <summary>‖S d‖∞ of the last accepted step (0 after a rejection).</summary>
    public double StepNorm { get; private set; }

    /// <summary>Whether the program has inequality rows (the interior point loop runs).</summary>
    public bool InteriorPoint => _ni > 0;

    /// <summary>Evaluates everything at x₀ and starts the first (barrier) subproblem.</summary>
    public void Start(double[] x0)
    {
        var lo = _p.StrictLower;
        var up = _p.StrictUpper;
        if (lo is not null && up is not null)
        {
            for (int i = 0; i < _n; i++)
            {
                if (!(x0[i] >= lo[i] && x0[i] <= up[i]))
                {
                    throw new ArgumentException($"x0[{i}] = {x0[i]} lies outside its bounds [{lo[i]}, {up[i]}].", nameof(x0));
                }
            }
        }

        x0.AsSpan(0, _n).CopyTo(_z);
        x0.AsSpan(0, _n).CopyTo(_x);
        F = _p.ValueAndGradient(_x, _g);
        _p.Constraints(_x, _ceq, _cin);
        _p.Jacobians(_x, _jeq, _jin);
        for (int i = 0; i < _ni; i++)
        {
            _z[_n + i] = Math.Max(-1.5 * _cin[i], 1.0);
        }

        BeginSubproblem();
    }

    /// <summary>
    /// scipy's stop criteria before a trial step: the global tests, then (with inequalities) the barrier subproblem's,
    /// which move to the next barrier parameter and test again (bounded).
    /// </summary>
    public Verdict Check()
    {
        for (int k = 0; k <= MaxBarrierUpdatesPerCheck; k++)
        {
            if (Optimality < _set.GradientTolerance && Violation < _set.GradientTolerance
                && (!_set.RequireComplementarity || Complementarity < _set.GradientTolerance))
            {
                return Verdict.Optimal;
            }

            if (_ni == 0)
            {
                return TrustRadius < _set.StepTolerance ? Verdict.StepTolerance : Verdict.Continue;
            }

            if (TrustRadius < _set.StepTolerance && BarrierParameter < _set.BarrierTolerance)
            {
                return Verdict.StepTolerance;
            }

            bool subDone = (SubproblemOptimality < BarrierTolerance && SubproblemViolation < BarrierTolerance)
                || TrustRadius < _set.StepTolerance;
            if (!subDone)
            {
                return Verdict.Continue;
            }

            TrustRadius = Math.Max(_set.InitialTrustRadius, TrustEnlargement * TrustRadius);
            BarrierParameter *= BarrierDecay;
            BarrierTolerance *= BarrierDecay;
            Penalty = _set.InitialPenalty;
            BarrierUpdates++;
            BeginSubproblem();
        }

        return Verdict.Continue;
    }

    /// <summary>One trial step: computes it, evaluates the trial point, accepts or rejects it and updates Δ and ν.</summary>
    public void Iterate()
    {
        Trials++;
        double radius = TrustRadius;
        var dn = new double[_nz];
        NormalStep.Solve(_proj, _b, NormalFactor * radius, _lbHalf, _ubHalf, dn);

        var ct = new double[_nz];
        HessianProduct(dn, ct);
        for (int i = 0; i < _nz; i++)
        {
            ct[i] += _c[i];
        }

        double dnNorm = DenseOps.Norm(dn);
        double radiusT = Math.Sqrt(Math.Max((radius * radius) - (dnNorm * dnNorm), 0));
        var lbt = new double[_nz];
        var ubt = new double[_nz];
        for (int i = 0; i < _nz; i++)
        {
            lbt[i] = _lb[i] - dn[i];
            ubt[i] = _ub[i] - dn[i];
        }

        var dt = new double[_nz];
        var cg = ProjectedCg.Solve(HessianProduct, ct, _proj, _mz, new double[_mz], radiusT, lbt, ubt, dt);
        CgIterations += cg.Iterations;
        LastCgStop = cg.Stop;

        var d = new double[_nz];
        for (int i = 0; i < _nz; i++)
        {
            d[i] = dn[i] + dt[i];
        }

        var hd = new double[_nz];
        HessianProduct(d, hd);
        double quadratic = (0.5 * DenseOps.Dot(hd, d)) + DenseOps.Dot(_c, d);
        var lin = new double[_mz];
        _proj.Multiply(d, lin);
        for (int i = 0; i < _mz; i++)
        {
            lin[i] += _b[i];
        }

        double bNorm = DenseOps.Norm(_b);
        double vpred = Math.Max(1e-16, bNorm - DenseOps.Norm(lin));
        double previousPenalty = Penalty;
        if (quadratic > 0)
        {
            Penalty = Math.Max(Penalty, quadratic / ((1 - PenaltyFactor) * vpred));
        }

        double predicted = -quadratic + (Penalty * vpred);
        double merit = _fsub + (Penalty * bNorm);

        Scale(d, _trial.Z);
        Evaluate(_trial);
        double ratio = Ratio(merit, _trial.MeritWith(Penalty), predicted);
        var accepted = _trial;
        LastTrialNonFinite = _trial.NonFinite;

        double dtNorm = DenseOps.Norm(dt);
        if (_set.SecondOrderCorrection && ratio < SufficientReduction && dnNorm <= SocThreshold * dtNorm && !_trial.NonFinite)
        {
            var y = new double[_nz];
            _proj.RowSpace(_trial.B, y);
            for (int i = 0; i < _nz; i++)
            {
                y[i] = -y[i];
            }

            var (_, t, intersect) = StepGeometry.Box(d, y, _lb, _ub);
            // Without a correction inside the box the corrected point is the trial point, which was rejected already.
            if (intersect && t > 0)
            {
                TrySecondOrderCorrection(d, y, t, merit, predicted, ref ratio, ref accepted);
            }
        }

        double dNorm = DenseOps.Norm(d);
        if (ratio >= LargeReduction)
        {
            TrustRadius = Math.Max(EnlargeLarge * dNorm, TrustRadius);
        }
        else if (ratio >= IntermediaryReduction)
        {
            TrustRadius = Math.Max(EnlargeSmall * dNorm, TrustRadius);
        }
        else if (ratio < SufficientReduction)
        {
            double reduction = (1 - SufficientReduction) / (1 - ratio);
            double candidate = reduction * dNorm;
            if (candidate >= MaxTrustReduction * TrustRadius)
            {
                TrustRadius *= MaxTrustReduction;
            }
            else if (candidate >= MinTrustReduction * TrustRadius)
            {
                TrustRadius = candidate;
            }
            else
            {
                TrustRadius *= MinTrustReduction;
            }
        }

        if (ratio >= SufficientReduction)
        {
            double stepNorm = 0;
            for (int i = 0; i < _nz; i++)
            {
                stepNorm = Math.Max(stepNorm, Math.Abs(accepted.Z[i] - _z[i]));
            }

            StepNorm = stepNorm;
            accepted.Z.CopyTo(_z, 0);
            accepted.Z.AsSpan(0, _n).CopyTo(_x);
            accepted.G.CopyTo(_g, 0);
            accepted.Ceq.CopyTo(_ceq, 0);
            accepted.Cin.CopyTo(_cin, 0);
            F = accepted.F;
            _p.Jacobians(_x, _jeq, _jin);
            BeginSubproblem();
            LastFailed = false;
        }
        else
        {
            Penalty = previousPenalty;
            StepNorm = 0;
            LastFailed = true;
        }
    }

    private void TrySecondOrderCorrection(double[] d, double[] y, double t, double merit, double predicted, ref double ratio, ref Trial accepted)
    {
        var dsoc = new double[_nz];
        for (int i = 0; i < _nz; i++)
        {
            dsoc[i] = d[i] + (t * y[i]);
        }

        Scale(dsoc, _soc.Z);
        Evaluate(_soc);
        double ratioSoc = Ratio(merit, _soc.MeritWith(Penalty), predicted);
        if (ratioSoc >= SufficientReduction)
        {
            accepted = _soc;
            ratio = ratioSoc;
            LastTrialNonFinite = false;
        }
    }

    private static double Ratio(double merit, double meritTrial, double predicted)
    {
        double r = (merit - meritTrial) / predicted;
        return double.IsNaN(r) ? double.NegativeInfinity : r;
    }

    /// <summary>Everything that depends on z and μ: barrier value, constraints, scaled gradient and Jacobian, projections, multipliers, model.</summary>
    private void BeginSubproblem()
    {
        UpdateStepBox();
        var s = _z.AsSpan(_n);
        _fsub = BarrierValue(F, s);
        for (int i = 0; i < _ne; i++)
        {
            _b[i] = _ceq[i];
        }

        for (int i = 0; i < _ni; i++)
        {
            _b[_ne + i] = _cin[i] + s[i];
        }

        // The barrier subproblem in scipy's variables (x unscaled, slacks scaled by S): gradient, Jacobian, multipliers.
        _g.CopyTo(_c, 0);
        for (int i = 0; i < _ni; i++)
        {
            _c[_n + i] = -BarrierParameter;
        }

        _proj = BuildOperator(scaled: false);
        _proj.LeastSquares(_c, _v);
        for (int i = 0; i < _mz; i++)
        {
            _v[i] = -_v[i];
        }

        _v.AsSpan(0, _ne).CopyTo(_veq);
        _v.AsSpan(_ne).CopyTo(_vin);
        _model.Prepare(_x, _g, _jeq, _jin, _veq, _vin);
        for (int i = 0; i < _ni; i++)
        {
            _hs[i] = _vin[i] > 0 ? _vin[i] * s[i] : BarrierParameter;
        }

        // Optimality of the subproblem (scaled slacks) and of the program (in x).
        var atv = new double[_nz];
        _proj.MultiplyTransposed(_v, atv);
        double sub = 0, opt = 0;
        for (int i = 0; i < _nz; i++)
        {
            double r = _c[i] + atv[i];
            sub = Math.Max(sub, Math.Abs(r));
            if (i < _n)
            {
                opt = Math.Max(opt, Math.Abs(r));
            }

            if (double.IsNaN(r))
            {
                sub = opt = double.NaN;
                break;
            }
        }

        // With strict bounds the steps are computed in x scaled by D as well (gradient D g, Jacobian columns times D).
        if (_scaled)
        {
            for (int i = 0; i < _n; i++)
            {
                _c[i] *= _d[i];
            }

            _proj = BuildOperator(scaled: true);
        }

        SubproblemOptimality = sub;
        SubproblemViolation = _mz > 0 ? DenseOps.InfNorm(_b) : 0;
        Optimality = opt;
        Violation = _p.Violation(_ceq, _cin);
        double comp = 0;
        for (int i = 0; i < _ni; i++)
        {
            comp = Math.Max(comp, Math.Max(Math.Abs(_vin[i] * _cin[i]), -_vin[i]));
        }

        Complementarity = comp;
    }

    /// <summary>
    /// The operators of the barrier Jacobian [[∇h, 0], [∇g, S]] at z (x-columns times D when <paramref name="scaled"/>):
    /// the structured normal-equation operators, or the dense QR/SVD ones for small matrices and when the structured
    /// ones refuse the matrix (rank deficient or ill-conditioned general rows, non-finite entries).
    /// </summary>
    private IConstraintOperator BuildOperator(bool scaled)
    {
        var s = _z.AsSpan(_n);
        if (_ne > 0 && _n > 0)
        {
            MemoryMarshal.CreateReadOnlySpan(ref _jeq[0, 0], _ne * _n).CopyTo(_gen);
        }

        if (_ng > 0 && _n > 0)
        {
            MemoryMarshal.CreateReadOnlySpan(ref _jin[0, 0], _ng * _n).CopyTo(_gen.AsSpan(_ne * _n));
        }

        if (scaled)
        {
            for (int r = 0; r < _mg; r++)
            {
                var row = _gen.AsSpan(r * _n, _n);
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] *= _d[j];
                }
            }
        }

        for (int k = 0; k < _nb; k++)
        {
            _boundCoefScaled[k] = scaled ? _boundCoef[k] * _d[_boundVar[k]] : _boundCoef[k];
        }

        var structured = (long)_mz * _nz < DenseOperatorLimit ? null : BoundedProjections.TryCreate(_n, _ne, _gen, s, _boundVar, _boundCoefScaled);
        if (structured is not null)
        {
            return structured;
        }

        _a ??= new double[_mz, _nz];
        Array.Clear(_a);
        for (int r = 0; r < _mg; r++)
        {
            for (int j = 0; j < _n; j++)
            {
                _a[r, j] = _gen[(r * _n) + j];
            }
        }

        for (int r = 0; r < _ni; r++)
        {
            _a[_ne + r, _n + r] = s[r];
        }

        for (int k = 0; k < _nb; k++)
        {
            _a[_mg + k, _boundVar[k]] = _boundCoefScaled[k];
        }

        return new ConstraintProjections(_a);
    }

    /// <summary>
    /// The x-scaling D and the trust-region box on the scaled step: slacks d_s ≥ -τ; with strict bounds, x + D d_x stays
    /// inside l + (1 - τ)(x - l) and u - (1 - τ)(u - x), with Dᵢ = min(1, distance of xᵢ to its nearest strict bound)
    /// (the affine scaling of Coleman and Li 1996: the region is an ellipsoid that shrinks towards near faces, so steps
    /// along a face are not cut to nothing).
    /// </summary>
    private void UpdateStepBox()
    {
        var lo = _p.StrictLower;
        var up = _p.StrictUpper;
        if (lo is null || up is null)
        {
            return;
        }

        for (int i = 0; i < _n; i++)
        {
            if (lo[i] == up[i])
            {
                // A fixed variable is held by its equality row; a box of width 0 would cut every step to nothing.
                _d[i] = 1;
                _lb[i] = _lbHalf[i] = double.NegativeInfinity;
                _ub[i] = _ubHalf[i] = double.PositiveInfinity;
                continue;
            }

            double dl = double.IsFinite(lo[i]) ? _x[i] - lo[i] : double.PositiveInfinity;
            double du = double.IsFinite(up[i]) ? up[i] - _x[i] : double.PositiveInfinity;
            double dist = Math.Min(dl, du);
            _d[i] = dist >= 1 ? 1 : Math.Max(dist, 1e-300);
            _lb[i] = double.IsFinite(dl) ? -BoundaryParameter * dl / _d[i] : double.NegativeInfinity;
            _ub[i] = double.IsFinite(du) ? BoundaryParameter * du / _d[i] : double.PositiveInfinity;
            _lbHalf[i] = BoxFactor * _lb[i];
            _ubHalf[i] = BoxFactor * _ub[i];
        }
    }

    /// <summary>f - μ Σ ln sᵢ; +∞ when a slack is not positive.</summary>
    private double BarrierValue(double f, ReadOnlySpan<double> s)
    {
        double sum = 0;
        for (int i = 0; i < _ni; i++)
        {
            if (!(s[i] > 0))
            {
                return double.PositiveInfinity;
            }

            sum += Math.Log(s[i]);
        }

        return f - (BarrierParameter * sum);
    }

    /// <summary>zt = z + S d (S = diag(1, s)).</summary>
    private void Scale(ReadOnlySpan<double> d, double[] zt)
    {
        for (int i = 0; i < _nz; i++)
        {
            zt[i] = _z[i] + (i < _n ? _d[i] * d[i] : _z[i] * d[i]);
        }
    }

    private void Evaluate(Trial t)
    {
        var xt = t.X;
        t.Z.AsSpan(0, _n).CopyTo(xt);
        t.F = _p.ValueAndGradient(xt, t.G);
        _p.Constraints(xt, t.Ceq, t.Cin);
        t.NonFinite = !double.IsFinite(t.F) || !AllFinite(t.G) || !AllFinite(t.Ceq) || !AllFinite(t.Cin);
        var s = t.Z.AsSpan(_n);
        t.FSub = BarrierValue(t.F, s);
        for (int i = 0; i < _ne; i++)
        {
            t.B[i] = t.Ceq[i];
        }

        for (int i = 0; i < _ni; i++)
        {
            t.B[_ne + i] = t.Cin[i] + s[i];
        }
    }

    private static bool AllFinite(double[] v)
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

    /// <summary>The scaled Lagrangian Hessian of the barrier subproblem: [[W, 0], [0, S Σ S]] p.</summary>
    private void HessianProduct(ReadOnlySpan<double> p, Span<double> result)
    {
        if (_scaled)
        {
            var px = new double[_n];
            for (int i = 0; i < _n; i++)
            {
                px[i] = _d[i] * p[i];
            }

            _model.Multiply(px, result[.._n]);
            for (int i = 0; i < _n; i++)
            {
                result[i] *= _d[i];
            }
        }
        else
        {
            _model.Multiply(p[.._n], result[.._n]);
        }

        for (int i = 0; i < _ni; i++)
        {
            result[_n + i] = _hs[i] * p[_n + i];
        }
    }

    /// <summary>A trial point z and what was evaluated there.</summary>
    private sealed class Trial(int nz, int n, int ne, int ni, int mz)
    {
        public double[] Z { get; } = new double[nz];

        public double[] X { get; } = new double[n];

        public double[] G { get; } = new double[n];

        public double[] Ceq { get; } = new double[ne];

        public double[] Cin { get; } = new double[ni];

        public double[] B { get; } = new double[mz];

        public double F { get; set; }

        public double FSub { get; set; }

        public bool NonFinite { get; set; }

        public double MeritWith(double penalty) => FSub + (penalty * DenseOps.Norm(B));
    }
}
