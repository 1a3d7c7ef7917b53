using MathNet.Numerics.LinearAlgebra;

namespace Adjoint.Optimize.Methods.Cobyla;

// Symbols (Powell 1994): the simplex has the pole x_0 (the best vertex by the merit Φ(x) = f(x) + μ·[max_i -c_i(x)]₊)
// and n further vertices x_0 + D_j, D_j the columns of the displacement matrix D (here the rows of _sim); _simi holds D⁻¹
// (row j of D⁻¹ is the normal of the face opposite vertex j, scaled so that its dot product with D_j is 1).
// The linear models interpolate each function F (f and every c_i) at the n + 1 vertices: ∇F = D⁻ᵀ (F(x_0 + D_j) - F(x_0))_j.
// ρ is the trust-region radius (ρ_beg down to ρ_end), μ (Powell's PARMU) the penalty parameter, σ_j = 1/‖row j of D⁻¹‖ the
// distance from vertex j to the opposite face and η_j = ‖D_j‖ its edge from the pole. The simplex is "acceptable" when
// σ_j >= αρ and η_j <= βρ for every j (α = 1/4, β = 2.1); otherwise a geometry step moves the worst vertex a distance γρ
// (γ = 1/2) along its face normal. A trust-region step replaces a vertex when the merit falls, or when the step improves the
// geometry (δ = 1.1 bounds the edge of the vertex kept); ρ halves when the steps become small or fail to reduce the merit
// (and jumps to ρ_end once it is within 1.5·ρ_end), and μ is reduced at each halving to the least value that keeps the
// merit ordering of the vertices sensible.

/// <summary>
/// The COBYLA iteration (Powell 1994): the simplex, its linear models of f and of the constraints, the trust-region step,
/// the penalty parameter, the geometry step and the reduction of ρ. The constraints are c(x) >= 0; box bounds enter as the
/// linear rows x_i - l_i >= 0 and u_i - x_i >= 0 and every trial point is also projected into the box.
/// </summary>
internal sealed class CobylaEngine
{
    private const double Alpha = 0.25;
    private const double Beta = 2.1;
    private const double Gamma = 0.5;
    private const double Delta = 1.1;

    private readonly int _n;
    private readonly int _m;      // user rows
    private readonly int _rows;   // user rows + bound rows
    private readonly int[] _boundVariable;
    private readonly double[] _boundValue;
    private readonly double[] _boundSign;
    private readonly double[]? _lower;
    private readonly double[]? _upper;
    private readonly double _rhoEnd;
    private readonly CobylaEvaluator _evaluate;

    private readonly double[][] _sim;
    private readonly double[][] _points;   // the vertices x_0 + D_j as evaluated (exact, so box bounds hold to the last bit)
    private readonly double[][] _simi;
    private readonly double[][] _data;     // per vertex: rows values, then f, then the violation
    private readonly double[] _poleData;
    private readonly double[][] _a;        // constraint model gradients
    private readonly double[] _gf;         // objective model gradient
    private readonly double[] _vsig;
    private readonly double[] _veta;
    private readonly double[] _dx;
    private readonly double[] _trial;
    private readonly double[] _trialData;
    private readonly double[] _w;
    private readonly TrustRegionLinearProgram _lp;

    private bool _branch;   // Powell's IBRNCH: the next pass takes a trust-region step even when the simplex is not acceptable
    private bool _acceptable; // Powell's IFLAG, from the last model computation
    private int _geometryFailures; // geometry steps at this ρ that the box kept from restoring the simplex

    /// <summary>Creates the engine for <paramref name="n"/> variables and <paramref name="m"/> constraints c(x) >= 0.</summary>
    public CobylaEngine(int n, int m, double[]? lower, double[]? upper, double rhoBegin, double rhoEnd, CobylaEvaluator evaluate)
    {
        if ((lower is null) != (upper is null))
        {
            throw new ArgumentException("Give both bound vectors or neither.", nameof(lower));
        }

        _n = n;
        _m = m;
        _lower = lower;
        _upper = upper;
        _rhoEnd = rhoEnd;
        _evaluate = evaluate;
        Rho = rhoBegin;
        var vars = new List<int>();
        var values = new List<double>();
        var signs = new List<double>();
        for (int i = 0; i < n; i++)
        {
            if (lower is not null && double.IsFinite(lower[i]))
            {
                vars.Add(i);
                values.Add(lower[i]);
                signs.Add(1);
            }

            if (upper is not null && double.IsFinite(upper[i]))
            {
                vars.Add(i);
                values.Add(upper[i]);
                signs.Add(-1);
            }
        }

        _boundVariable = [.. vars];
        _boundValue = [.. values];
        _boundSign = [.. signs];
        _rows = m + _boundVariable.Length;
        int width = _rows + 2;
        _sim = Jagged(n, n);
        _points = Jagged(n, n);
        _simi = Jagged(n, n);
        _data = Jagged(n, width);
        _poleData = new double[width];
        _a = Jagged(_rows, n);
        _gf = new double[n];
        _vsig = new double[n];
        _veta = new double[n];
        _dx = new double[n];
        _trial = new double[n];
        _trialData = new double[width];
        _w = new double[n];
        _lp = new TrustRegionLinearProgram(n, _rows);
        Pole = new double[n];
    }

    /// <summary>The best vertex (the pole of the simplex).</summary>
    public double[] Pole { get; }

    /// <summary>f at the pole.</summary>
    public double PoleValue => _poleData[_rows];

    /// <summary>The greatest constraint violation max_i [-c_i]₊ at the pole (user rows; the bound rows are 0 there).</summary>
    public double PoleViolation => _poleData[_rows + 1];

    /// <summary>The user constraint values c_i at the pole.</summary>
    public ReadOnlySpan<double> PoleConstraints => _poleData.AsSpan(0, _m);

    /// <summary>The current trust-region radius ρ.</summary>
    public double Rho { get; private set; }

    /// <summary>The penalty parameter μ of the merit function.</summary>
    public double Penalty { get; private set; }

    /// <summary>The infinity norm of the last step taken from the pole.</summary>
    public double LastStepNorm { get; private set; } = double.NaN;

    /// <summary>
    /// After <see cref="CobylaStatus.NonFinite"/>: the user constraint row that was NaN or infinite, or -1 for the objective.
    /// </summary>
    public int NonFiniteRow { get; private set; }

    /// <summary>
    /// Builds the first simplex: x0 (projected into the box) and x0 ± ρ e_j (the sign that stays in the box), moving the pole
    /// to a vertex with a lower f as it goes, as Powell does; n + 1 evaluations.
    /// </summary>
    /// <returns><see cref="CobylaStatus.Continue"/>, or <see cref="CobylaStatus.NonFinite"/>.</returns>
    public CobylaStatus Start(ReadOnlySpan<double> x0)
    {
        int n = _n;
        x0.CopyTo(Pole);
        Project(Pole);
        if (!Evaluate(Pole, _poleData))
        {
            return CobylaStatus.NonFinite;
        }

        double rho = Rho;
        for (int j = 0; j < n; j++)
        {
            double step = rho;
            if (_upper is not null && Pole[j] + rho > _upper[j])
            {
                double down = _lower is null ? double.PositiveInfinity : Pole[j] - _lower[j];
                step = down >= rho ? -rho : (_upper[j] - Pole[j] >= down ? _upper[j] - Pole[j] : -down);
            }

            Pole.CopyTo(_trial, 0);
            _trial[j] += step;
            if (_lower is not null && _upper is not null)
            {
                _trial[j] = Math.Clamp(_trial[j], _lower[j], _upper[j]);
            }
            if (!Evaluate(_trial, _trialData))
            {
                return CobylaStatus.NonFinite;
            }

            if (_trialData[_rows] < _poleData[_rows])
            {
                // The new point is the pole; the old pole becomes vertex j and the earlier vertices shift by -step e_j.
                for (int k = 0; k < j; k++)
                {
                    _sim[k][j] -= step;
                }

                Array.Clear(_sim[j]);
                _sim[j][j] = -step;
                Pole.CopyTo(_points[j], 0);
                _poleData.CopyTo(_data[j], 0);
                _trialData.CopyTo(_poleData, 0);
                _trial.CopyTo(Pole, 0);
            }
            else
            {
                Array.Clear(_sim[j]);
                _sim[j][j] = step;
                _trial.CopyTo(_points[j], 0);
                _trialData.CopyTo(_data[j], 0);
            }
        }

        if (!Invert())
        {
            return CobylaStatus.Degenerate;
        }

        _branch = false;
        SelectPole();
        return CobylaStatus.Continue;
    }

    /// <summary>
    /// One iteration: from the current pole, a geometry or trust-region step and its evaluation (or a reduction of ρ when no
    /// step is worth evaluating), ending with the best vertex as the pole. At most one evaluation.
    /// </summary>
    public CobylaStatus Iterate()
    {
        int n = _n;
        bool evaluated = false;
        EvaluatedInLastIteration = false;
        // Passes without an evaluation: one per reduction of ρ or increase of μ, both bounded; the cap is a safeguard.
        for (int pass = 0; pass < 2000; pass++)
        {
            if (SimplexError() > 0.1)
            {
                return CobylaStatus.Degenerate;
            }

            BuildModels();
            double parsig = Alpha * Rho, pareta = Beta * Rho;
            if (!_branch && !_acceptable)
            {
                return GeometryStep(parsig, pareta);
            }

            bool full = _lp.Solve(_a, _poleData.AsSpan(0, _rows), _gf, Rho, _dx);
            ProjectStep();
            double dxx = 0;
            for (int i = 0; i < n; i++)
            {
                dxx += _dx[i] * _dx[i];
            }

            bool reduce = false;
            if (!full && dxx < 0.25 * Rho * Rho)
            {
                _branch = true;
                reduce = true;
            }
            else
            {
                double resNew = 0;
                for (int k = 0; k < _rows; k++)
                {
                    resNew = Math.Max(resNew, -(_poleData[k] + Dot(_a[k], _dx)));
                }

                double predictedChange = Dot(_gf, _dx);
                double predictedViolationDrop = PoleViolation - resNew;
                double barMu = predictedViolationDrop > 0 ? predictedChange / predictedViolationDrop : 0;
                if (Penalty < 1.5 * barMu)
                {
                    Penalty = 2 * barMu;
                    if (PoleNoLongerBest())
                    {
                        SelectPole();
                        continue;
                    }
                }

                double predictedMeritDrop = (Penalty * predictedViolationDrop) - predictedChange;
                if (!Evaluate(_trial, _trialData))
                {
                    return CobylaStatus.NonFinite;
                }

                evaluated = true;
                LastStepNorm = InfinityNorm(_dx);
                double fOld = PoleValue, fNew = _trialData[_rows], resOld = PoleViolation, resNewActual = _trialData[_rows + 1];
                double actualMeritDrop = fOld + (Penalty * resOld) - (fNew + (Penalty * resNewActual));
                if (Penalty == 0 && fNew == fOld)
                {
                    predictedMeritDrop = predictedViolationDrop;
                    actualMeritDrop = resOld - resNewActual;
                }

                int drop = ChooseVertexToDrop(actualMeritDrop, parsig);
                if (drop >= 0)
                {
                    if (!ReplaceVertex(drop, _dx, _trialData))
                    {
                        return CobylaStatus.Degenerate;
                    }

                    if (actualMeritDrop > 0 && actualMeritDrop >= 0.1 * predictedMeritDrop)
                    {
                        SelectPole();
                        return CobylaStatus.Continue;
                    }
                }

                reduce = true;
            }

            if (reduce)
            {
                if (!_acceptable)
                {
                    _branch = false;
                    SelectPole();
                    if (evaluated)
                    {
                        return CobylaStatus.Continue;
                    }

                    continue;
                }

                if (Rho > _rhoEnd)
                {
                    ReduceRho();
                    SelectPole();
                    if (evaluated)
                    {
                        return CobylaStatus.Continue;
                    }

                    continue;
                }

                SelectPole();
                return CobylaStatus.Finished;
            }
        }

        return CobylaStatus.Degenerate;
    }

    /// <summary>Moves the worst vertex a distance γρ along its face normal, choosing the sign by the predicted merit.</summary>
    private CobylaStatus GeometryStep(double parsig, double pareta)
    {
        int n = _n;
        int drop = -1;
        double worst = pareta;
        for (int j = 0; j < n; j++)
        {
            if (_veta[j] > worst)
            {
                drop = j;
                worst = _veta[j];
            }
        }

        if (drop < 0)
        {
            worst = parsig;
            for (int j = 0; j < n; j++)
            {
                if (_vsig[j] < worst)
                {
                    drop = j;
                    worst = _vsig[j];
                }
            }
        }

        if (drop < 0)
        {
            // Unreachable when the simplex is not acceptable; keep the iteration well defined.
            _branch = true;
            return CobylaStatus.Continue;
        }

        double scale = Gamma * Rho * _vsig[drop];
        for (int i = 0; i < n; i++)
        {
            _dx[i] = scale * _simi[drop][i];
        }

        double violationPlus = 0, violationMinus = 0;
        for (int k = 0; k < _rows; k++)
        {
            double slope = Dot(_a[k], _dx);
            violationPlus = Math.Max(violationPlus, -slope - _poleData[k]);
            violationMinus = Math.Max(violationMinus, slope - _poleData[k]);
        }

        double fSlope = Dot(_gf, _dx);
        double sign = Penalty * (violationPlus - violationMinus) > -2 * fSlope ? -1 : 1;
        for (int i = 0; i < n; i++)
        {
            _dx[i] *= sign;
        }

        if (_lower is not null)
        {
            FitGeometryStepInBox(drop);
        }

        ProjectStep();
        if (!Evaluate(_trial, _trialData))
        {
            return CobylaStatus.NonFinite;
        }

        LastStepNorm = InfinityNorm(_dx);
        if (!ReplaceVertex(drop, _dx, _trialData))
        {
            return CobylaStatus.Degenerate;
        }

        // A vertex the box kept from reaching distance αρ from its opposite face: the bounds limit the geometry here.
        if (1 / Math.Sqrt(Dot(_simi[drop], _simi[drop])) < parsig)
        {
            _geometryFailures++;
        }

        _branch = true;
        SelectPole();
        return CobylaStatus.Continue;
    }

    /// <summary>
    /// Keeps the geometry step inside the box without losing its purpose, the distance of the new vertex from the face
    /// opposite it: of the step (chosen by the merit), its opposite, and both with the components that point into a near
    /// bound (room under a tenth of the component) removed, each shortened to stay in the box, keeps the chosen step when the box shortens it by less than a
    /// tenth, else takes the candidate farthest from the face.
    /// </summary>
    private void FitGeometryStepInBox(int drop)
    {
        int n = _n;
        Span<double> best = n <= 128 ? stackalloc double[n] : new double[n];
        Span<double> candidate = n <= 128 ? stackalloc double[n] : new double[n];
        double full = Math.Abs(Dot(_simi[drop], _dx));
        double bestDistance = -1;
        for (int variant = 0; variant < 4; variant++)
        {
            double sign = variant % 2 == 0 ? 1 : -1;
            bool prune = variant >= 2;
            for (int i = 0; i < n; i++)
            {
                double v = sign * _dx[i];
                double room = v > 0 ? _upper![i] - Pole[i] : Pole[i] - _lower![i];
                candidate[i] = prune && room <= 0.1 * Math.Abs(v) ? 0 : v;
            }

            double t = 1;
            for (int i = 0; i < n; i++)
            {
                double v = candidate[i];
                double room = v > 0 ? _upper![i] - Pole[i] : Pole[i] - _lower![i];
                if (v != 0 && room < t * Math.Abs(v))
                {
                    t = Math.Max(room, 0) / Math.Abs(v);
                }
            }

            double distance = 0;
            for (int i = 0; i < n; i++)
            {
                candidate[i] *= t;
                distance += _simi[drop][i] * candidate[i];
            }

            distance = Math.Abs(distance);
            if (variant == 0 && distance >= 0.9 * full)
            {
                return;
            }

            if (distance > bestDistance)
            {
                bestDistance = distance;
                candidate.CopyTo(best);
            }
        }

        best.CopyTo(_dx);
    }

    /// <summary>
    /// The vertex a trust-region trial point replaces (Powell's choice): the one whose face the step crosses most, unless a
    /// vertex far from the pole whose replacement keeps the simplex in shape is preferred; -1 to keep the simplex.
    /// </summary>
    private int ChooseVertexToDrop(double actualMeritDrop, double parsig)
    {
        int n = _n;
        double ratio = actualMeritDrop <= 0 ? 1 : 0;
        int drop = -1;
        Span<double> sigbar = n <= 128 ? stackalloc double[n] : new double[n];
        for (int j = 0; j < n; j++)
        {
            double t = Math.Abs(Dot(_simi[j], _dx));
            if (t > ratio)
            {
                drop = j;
                ratio = t;
            }

            sigbar[j] = t * _vsig[j];
        }

        double edgeMax = Delta * Rho;
        int far = -1;
        for (int j = 0; j < n; j++)
        {
            if (sigbar[j] >= parsig || sigbar[j] >= _vsig[j])
            {
                double edge = _veta[j];
                if (actualMeritDrop > 0)
                {
                    double s = 0;
                    for (int i = 0; i < n; i++)
                    {
                        double diff = _dx[i] - _sim[j][i];
                        s += diff * diff;
                    }

                    edge = Math.Sqrt(s);
                }

                if (edge > edgeMax)
                {
                    far = j;
                    edgeMax = edge;
                }
            }
        }

        return far >= 0 ? far : drop;
    }

    /// <summary>Halves ρ (to ρ_end once within 1.5·ρ_end) and lowers μ to the least value the vertex data justify.</summary>
    private void ReduceRho()
    {
        _geometryFailures = 0;
        Rho *= 0.5;
        if (Rho <= 1.5 * _rhoEnd)
        {
            Rho = _rhoEnd;
        }

        if (Penalty > 0)
        {
            double denom = 0, cmin = 0, cmax = 0;
            for (int k = 0; k <= _rows; k++)
            {
                cmin = _poleData[k];
                cmax = cmin;
                for (int j = 0; j < _n; j++)
                {
                    cmin = Math.Min(cmin, _data[j][k]);
                    cmax = Math.Max(cmax, _data[j][k]);
                }

                if (k < _rows && cmin < 0.5 * cmax)
                {
                    double t = Math.Max(cmax, 0) - cmin;
                    denom = denom <= 0 ? t : Math.Min(denom, t);
                }
            }

            // cmin and cmax are now the least and greatest f over the simplex.
            if (denom == 0)
            {
                Penalty = 0;
            }
            else if (cmax - cmin < Penalty * denom)
            {
                Penalty = (cmax - cmin) / denom;
            }
        }
    }

    /// <summary>Whether some vertex has a lower merit than the pole (after μ grew).</summary>
    private bool PoleNoLongerBest()
    {
        double phi = PoleValue + (Penalty * PoleViolation);
        for (int j = 0; j < _n; j++)
        {
            double t = _data[j][_rows] + (Penalty * _data[j][_rows + 1]);
            if (t < phi || (t == phi && Penalty == 0 && _data[j][_rows + 1] < PoleViolation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Makes the vertex of least merit the pole (ties at μ = 0 go to the smaller violation) and updates D and D⁻¹.</summary>
    private void SelectPole()
    {
        int n = _n;
        int best = -1;
        double phiMin = PoleValue + (Penalty * PoleViolation);
        double bestViolation = PoleViolation;
        for (int j = 0; j < n; j++)
        {
            double t = _data[j][_rows] + (Penalty * _data[j][_rows + 1]);
            if (t < phiMin)
            {
                best = j;
                phiMin = t;
                bestViolation = _data[j][_rows + 1];
            }
            else if (t == phiMin && Penalty == 0 && _data[j][_rows + 1] < bestViolation)
            {
                best = j;
                bestViolation = _data[j][_rows + 1];
            }
        }

        if (best < 0)
        {
            return;
        }

        // Swap the data of the pole and vertex best.
        var tmp = _data[best];
        for (int k = 0; k < _poleData.Length; k++)
        {
            (tmp[k], _poleData[k]) = (_poleData[k], tmp[k]);
        }

        // New pole x_0 + D_b; D_j ← D_j - D_b (j ≠ b), D_b ← -D_b; row b of D⁻¹ ← -Σ_j rows, the other rows unchanged.
        var db = _sim[best];
        for (int i = 0; i < n; i++)
        {
            double shift = db[i];
            (Pole[i], _points[best][i]) = (_points[best][i], Pole[i]);
            for (int j = 0; j < n; j++)
            {
                if (j != best)
                {
                    _sim[j][i] -= shift;
                }
            }

            db[i] = -shift;
        }

        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++)
            {
                sum += _simi[j][i];
            }

            _simi[best][i] = -sum;
        }
    }

    /// <summary>Computes the model gradients and the geometry measures σ_j, η_j and whether the simplex is acceptable.</summary>
    private void BuildModels()
    {
        int n = _n;
        for (int k = 0; k <= _rows; k++)
        {
            var target = k < _rows ? _a[k] : _gf;
            double pole = _poleData[k];
            for (int j = 0; j < n; j++)
            {
                _w[j] = _data[j][k] - pole;
            }

            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++)
                {
                    s += _w[j] * _simi[j][i];
                }

                target[i] = s;
            }
        }

        // The bound rows are linear: their gradients are exact.
        for (int b = 0; b < _boundVariable.Length; b++)
        {
            var row = _a[_m + b];
            Array.Clear(row);
            row[_boundVariable[b]] = _boundSign[b];
        }

        double parsig = Alpha * Rho, pareta = Beta * Rho;
        _acceptable = true;
        for (int j = 0; j < n; j++)
        {
            _vsig[j] = 1 / Math.Sqrt(Dot(_simi[j], _simi[j]));
            _veta[j] = Math.Sqrt(Dot(_sim[j], _sim[j]));
            if (_vsig[j] < parsig || _veta[j] > pareta)
            {
                _acceptable = false;
            }
        }

        // When the bounds prevent the geometry from being restored at this ρ, the simplex is as good as the box allows:
        // going on with geometry steps would repeat them without end.
        if (_geometryFailures >= 2)
        {
            _acceptable = true;
        }
    }

    /// <summary>Replaces vertex <paramref name="j"/> by x_0 + <paramref name="dx"/> with its data (a rank-one update of D⁻¹).</summary>
    private bool ReplaceVertex(int j, double[] dx, double[] data)
    {
        int n = _n;
        double pivot = Dot(_simi[j], dx);
        if (!(Math.Abs(pivot) > 1e-14) || !double.IsFinite(pivot))
        {
            return false;
        }

        dx.AsSpan(0, n).CopyTo(_sim[j]);
        _trial.CopyTo(_points[j], 0);
        var rj = _simi[j];
        for (int i = 0; i < n; i++)
        {
            rj[i] /= pivot;
        }

        for (int l = 0; l < n; l++)
        {
            if (l == j)
            {
                continue;
            }

            double t = Dot(_simi[l], dx);
            var rl = _simi[l];
            for (int i = 0; i < n; i++)
            {
                rl[i] -= t * rj[i];
            }
        }

        data.CopyTo(_data[j], 0);
        return true;
    }

    /// <summary>max |(D⁻¹ D)_{ij} - δ_ij|.</summary>
    private double SimplexError()
    {
        int n = _n;
        double error = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double t = Dot(_simi[i], _sim[j]) - (i == j ? 1 : 0);
                error = Math.Max(error, Math.Abs(t));
            }
        }

        return double.IsNaN(error) ? double.PositiveInfinity : error;
    }

    /// <summary>D⁻¹ from D by an LU factorization.</summary>
    private bool Invert()
    {
        int n = _n;
        // Column j of the matrix is the displacement D_j.
        var d = Matrix<double>.Build.Dense(n, n, (i, j) => _sim[j][i]);
        var lu = d.LU();
        if (lu.Determinant == 0)
        {
            return false;
        }

        var inv = lu.Inverse();
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                _simi[i][k] = inv[i, k];
            }
        }

        return SimplexError() <= 0.1;
    }

    /// <summary>Evaluates f, the user constraints and the bound rows at x; false when f or a constraint is not finite.</summary>
    private bool Evaluate(double[] x, double[] data)
    {
        Evaluations++;
        EvaluatedInLastIteration = true;
        double f = _evaluate(x, data.AsSpan(0, _m));
        NonFiniteObjective = f;
        if (!double.IsFinite(f))
        {
            return NonFinite(-1, x);
        }

        double violation = 0;
        for (int k = 0; k < _m; k++)
        {
            if (!double.IsFinite(data[k]))
            {
                return NonFinite(k, x);
            }

            violation = Math.Max(violation, -data[k]);
        }

        for (int b = 0; b < _boundVariable.Length; b++)
        {
            double v = _boundSign[b] * (x[_boundVariable[b]] - _boundValue[b]);
            data[_m + b] = v;
            violation = Math.Max(violation, -v);
        }

        data[_rows] = f;
        data[_rows + 1] = violation;
        return true;
    }

    private bool NonFinite(int row, double[] x)
    {
        NonFiniteRow = row;
        NonFinitePointValue = (double[])x.Clone();
        return false;
    }

    /// <summary>After <see cref="CobylaStatus.NonFinite"/>: a copy of the point where it happened.</summary>
    public double[]? NonFinitePointValue { get; private set; }

    /// <summary>After <see cref="CobylaStatus.NonFinite"/>: f at that point (finite when a constraint was the culprit).</summary>
    public double NonFiniteObjective { get; private set; }

    /// <summary>The number of evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Whether the last <see cref="Iterate"/> evaluated a point (false when it only reduced ρ and ended).</summary>
    public bool EvaluatedInLastIteration { get; private set; }

    /// <summary>Projects <paramref name="x"/> into the box.</summary>
    private void Project(double[] x)
    {
        if (_lower is null || _upper is null)
        {
            return;
        }

        for (int i = 0; i < _n; i++)
        {
            x[i] = Math.Clamp(x[i], _lower[i], _upper[i]);
        }
    }

    /// <summary>
    /// Sets the trial point x_0 + dx, projected into the box, and makes dx the step to it (the trial point is what is
    /// evaluated and kept, so it lies in the box exactly).
    /// </summary>
    private void ProjectStep()
    {
        for (int i = 0; i < _n; i++)
        {
            double x = Pole[i] + _dx[i];
            if (_lower is not null && _upper is not null)
            {
                x = Math.Clamp(x, _lower[i], _upper[i]);
            }

            _trial[i] = x;
            _dx[i] = x - Pole[i];
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length && i < b.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static double InfinityNorm(double[] v)
    {
        double m = 0;
        foreach (double x in v)
        {
            m = Math.Max(m, Math.Abs(x));
        }

        return m;
    }

    private static double[][] Jagged(int rows, int cols)
    {
        var a = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            a[i] = new double[cols];
        }

        return a;
    }
}
