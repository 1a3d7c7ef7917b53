using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Optimize.Constraints;

/// <summary>
/// The constraints of one minimization as a method sees them: every output element of every constraint is a row,
/// in list order, with lower &lt;= c(x) &lt;= upper; values and the dense Jacobian over the flat float64 x are counted
/// evaluations in the problem's dtype.
/// </summary>
/// <remarks>
/// <para>Nonlinear constraints get their Jacobian by reverse-mode autodiff (one recorded forward pass and one backward
/// pass per row), from the user's <see cref="NonlinearConstraint.Jacobian"/> delegate, or by finite differences;
/// linear constraints give A exactly. The last point's values and Jacobian are kept, so asking again at the same x
/// costs nothing and is not counted.</para>
/// <para>A constraint that throws, changes its output size, or is not connected to the variables on the tape (an
/// autodiff Jacobian of a value computed from host copies) raises <see cref="ObjectiveException"/> naming it. NaN values
/// are returned as they are: <see cref="FirstNonFiniteRow"/> names the culprit.</para>
/// </remarks>
public sealed class ConstraintSet
{
    private readonly MinimizationProblem _problem;
    private readonly Entry[] _entries;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly int[] _entryOfRow;
    private readonly double[] _cachedX;
    private readonly double[] _cachedValues;
    private readonly double[] _cachedJacobian;
    private bool _valuesCached;
    private bool _jacobianCached;

    internal ConstraintSet(MinimizationProblem problem, IReadOnlyList<Constraint> constraints, Shape shape, Func<Tensor, Variables> split, double[] x0)
    {
        _problem = problem;
        Dimension = x0.Length;
        var entries = new List<Entry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < constraints.Count; k++)
        {
            var constraint = constraints[k] ?? throw new ArgumentException($"constraints[{k}] is null.", nameof(constraints));
            string name = constraint.Name ?? string.Create(CultureInfo.InvariantCulture, $"constraint {k}");
            if (!names.Add(name))
            {
                throw new ArgumentException($"Two constraints are named '{name}'; names must be unique.", nameof(constraints));
            }

            entries.Add(new Entry(name, constraint, shape, split));
        }

        _entries = [.. entries];
        // Learn each constraint's rows from its value at x0 (counted as one evaluation).
        int offset = 0;
        Evaluations++;
        var x0Values = new List<double[]>();
        foreach (var e in _entries)
        {
            var v = e.Values(this, x0, firstCall: true);
            e.Offset = offset;
            offset += e.Rows;
            x0Values.Add(v);
            if (e.Constraint is LinearConstraint lc && lc.Columns != Dimension)
            {
                throw new ArgumentException($"Linear constraint '{e.Name}' has {lc.Columns} columns but x has {Dimension} elements.", nameof(constraints));
            }

            if ((e.Constraint.Lower.Count != 1 && e.Constraint.Lower.Count != e.Rows) || (e.Constraint.Upper.Count != 1 && e.Constraint.Upper.Count != e.Rows))
            {
                throw new ArgumentException($"Constraint '{e.Name}' has {e.Rows} rows but {e.Constraint.Lower.Count} lower and {e.Constraint.Upper.Count} upper bounds.", nameof(constraints));
            }
        }

        Count = offset;
        _lower = new double[Count];
        _upper = new double[Count];
        _entryOfRow = new int[Count];
        var equalities = new List<StandardRow>();
        var inequalities = new List<StandardRow>();
        for (int k = 0; k < _entries.Length; k++)
        {
            var e = _entries[k];
            for (int i = 0; i < e.Rows; i++)
            {
                int row = e.Offset + i;
                _lower[row] = e.Constraint.Lower[e.Constraint.Lower.Count == 1 ? 0 : i];
                _upper[row] = e.Constraint.Upper[e.Constraint.Upper.Count == 1 ? 0 : i];
                _entryOfRow[row] = k;
                if (_lower[row] == _upper[row])
                {
                    equalities.Add(new StandardRow(row, 1, _lower[row]));
                    continue;
                }

                if (double.IsFinite(_lower[row]))
                {
                    inequalities.Add(new StandardRow(row, 1, _lower[row]));
                }

                if (double.IsFinite(_upper[row]))
                {
                    inequalities.Add(new StandardRow(row, -1, _upper[row]));
                }
            }
        }

        EqualityRows = equalities;
        InequalityRows = inequalities;
        _cachedX = (double[])x0.Clone();
        _cachedValues = new double[Count];
        _cachedJacobian = new double[Count * Dimension];
        for (int k = 0; k < _entries.Length; k++)
        {
            x0Values[k].CopyTo(_cachedValues, _entries[k].Offset);
        }

        _valuesCached = true;
    }

    /// <summary>The number of rows (scalar constraints) m.</summary>
    public int Count { get; }

    /// <summary>The number of variables n (the problem's dimension).</summary>
    public int Dimension { get; }

    /// <summary>The number of constraints (objects in the user's list).</summary>
    public int ConstraintCount => _entries.Length;

    /// <summary>Lower bounds per row (-∞ where open).</summary>
    public ReadOnlySpan<double> Lower => _lower;

    /// <summary>Upper bounds per row (+∞ where open).</summary>
    public ReadOnlySpan<double> Upper => _upper;

    /// <summary>The equality rows in standard form, g = c − bound = 0.</summary>
    public IReadOnlyList<StandardRow> EqualityRows { get; }

    /// <summary>The inequality rows in standard form, g = Sign·(c − Bound) &gt;= 0 (a two-sided row gives two).</summary>
    public IReadOnlyList<StandardRow> InequalityRows { get; }

    /// <summary>Whether any row is nonlinear (its Jacobian depends on x).</summary>
    public bool HasNonlinear => _entries.Any(e => e.Constraint is NonlinearConstraint);

    /// <summary>Constraint evaluations (one per point at which the values were computed), Jacobian evaluations included.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Constraint Jacobian evaluations.</summary>
    public int JacobianEvaluations { get; private set; }

    /// <summary>Evaluations of constraint second derivatives (Hessian-vector products of λᵀc).</summary>
    public int HessianEvaluations { get; internal set; }

    /// <summary>Whether row <paramref name="row"/> is an equality (lower == upper).</summary>
    /// <param name="row">The row.</param>
    public bool IsEquality(int row) => _lower[row] == _upper[row];

    /// <summary>The row's name for messages: the constraint's name, with the element index when it has several rows.</summary>
    /// <param name="row">The row.</param>
    public string RowName(int row)
    {
        var e = _entries[_entryOfRow[row]];
        if (e.Rows == 1)
        {
            return $"'{e.Name}'";
        }

        int index = row - e.Offset;
        var dims = e.OutputShape;
        if (dims.Length <= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"'{e.Name}'[{index}]");
        }

        var parts = new int[dims.Length];
        for (int d = dims.Length - 1; d >= 0; d--)
        {
            parts[d] = index % dims[d];
            index /= dims[d];
        }

        return $"'{e.Name}'[{string.Join(", ", parts)}]";
    }

    /// <summary>The name of constraint <paramref name="index"/> in the user's list.</summary>
    /// <param name="index">The constraint's position in the list.</param>
    public string ConstraintName(int index) => _entries[index].Name;

    /// <summary>The first row of constraint <paramref name="index"/> and its number of rows.</summary>
    /// <param name="index">The constraint's position in the list.</param>
    public (int Offset, int Rows) RowsOf(int index) => (_entries[index].Offset, _entries[index].Rows);

    /// <summary>The output shape of constraint <paramref name="index"/>.</summary>
    /// <param name="index">The constraint's position in the list.</param>
    public int[] OutputShapeOf(int index) => (int[])_entries[index].OutputShape.Clone();

    /// <summary>How the Jacobian of constraint <paramref name="index"/> is computed: "autodiff", "user", "2-point", "3-point" or "linear".</summary>
    /// <param name="index">The constraint's position in the list.</param>
    public string DerivativeSourceOf(int index) => _entries[index].Source;

    /// <summary>The values c(x), one per row.</summary>
    /// <param name="x">The flat point (float64).</param>
    /// <param name="values">Receives m values.</param>
    public void Evaluate(ReadOnlySpan<double> x, Span<double> values)
    {
        CheckLengths(x, values.Length, Count, "values");
        if (_valuesCached && x.SequenceEqual(_cachedX))
        {
            _cachedValues.CopyTo(values);
            return;
        }

        _problem.CheckStopForConstraints();
        Evaluations++;
        var xa = x.ToArray();
        foreach (var e in _entries)
        {
            e.Values(this, xa, firstCall: false).CopyTo(values[e.Offset..]);
        }

        Remember(x, values, null);
    }

    /// <summary>The values c(x) and the Jacobian J (m × n, row-major) at once.</summary>
    /// <param name="x">The flat point (float64).</param>
    /// <param name="values">Receives m values.</param>
    /// <param name="jacobian">Receives m·n entries, row-major: ∂c_i/∂x_j at [i·n + j].</param>
    public void EvaluateWithJacobian(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian)
    {
        CheckLengths(x, values.Length, Count, "values");
        if (jacobian.Length != Count * Dimension)
        {
            throw new ArgumentException($"The Jacobian buffer holds {jacobian.Length} entries; expected {Count}x{Dimension}.", nameof(jacobian));
        }

        if (_jacobianCached && x.SequenceEqual(_cachedX))
        {
            _cachedValues.CopyTo(values);
            _cachedJacobian.CopyTo(jacobian);
            return;
        }

        _problem.CheckStopForConstraints();
        Evaluations++;
        JacobianEvaluations++;
        var xa = x.ToArray();
        int n = Dimension;
        foreach (var e in _entries)
        {
            e.ValuesAndJacobian(this, xa, values.Slice(e.Offset, e.Rows), jacobian.Slice(e.Offset * n, e.Rows * n));
        }

        Remember(x, values, jacobian);
    }

    /// <summary>The largest violation, max over rows of max(lower − c, c − upper, 0), in the constraints' own units; NaN when a value is NaN.</summary>
    /// <param name="values">c(x), one per row.</param>
    public double Violation(ReadOnlySpan<double> values)
    {
        double worst = 0;
        for (int i = 0; i < Count; i++)
        {
            double v = values[i];
            if (double.IsNaN(v))
            {
                return double.NaN;
            }

            worst = Math.Max(worst, Math.Max(_lower[i] - v, v - _upper[i]));
        }

        return worst;
    }

    /// <summary>The row with the largest violation (−1 when none is violated).</summary>
    /// <param name="values">c(x), one per row.</param>
    public int MostViolatedRow(ReadOnlySpan<double> values)
    {
        int row = -1;
        double worst = 0;
        for (int i = 0; i < Count; i++)
        {
            double v = Math.Max(_lower[i] - values[i], values[i] - _upper[i]);
            if (double.IsNaN(values[i]))
            {
                return i;
            }

            if (v > worst)
            {
                worst = v;
                row = i;
            }
        }

        return row;
    }

    /// <summary>The first row whose value is NaN or infinite (−1 when all are finite).</summary>
    /// <param name="values">c(x), one per row.</param>
    public int FirstNonFiniteRow(ReadOnlySpan<double> values)
    {
        for (int i = 0; i < Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A sentence naming the most violated row and by how much, for messages.</summary>
    /// <param name="values">c(x), one per row.</param>
    public string DescribeViolation(ReadOnlySpan<double> values)
    {
        int row = MostViolatedRow(values);
        if (row < 0)
        {
            return "every constraint holds";
        }

        var c = CultureInfo.InvariantCulture;
        double v = values[row];
        if (double.IsNaN(v))
        {
            return $"constraint {RowName(row)} is NaN";
        }

        string range = IsEquality(row) ? string.Create(c, $"= {_lower[row]:G6}")
            : v < _lower[row] ? string.Create(c, $">= {_lower[row]:G6}") : string.Create(c, $"<= {_upper[row]:G6}");
        return string.Create(c, $"constraint {RowName(row)} is {v:G8}, which should be {range} (violation {Math.Max(_lower[row] - v, v - _upper[row]):E3})");
    }

    /// <summary>
    /// Maps standard-form multipliers ν (∇f = Σ ν_k ∇g_k, ν &gt;= 0 on inequalities) to row multipliers λ in the
    /// library's convention ∇f + Jᵀλ + μ = 0 (λ &lt;= 0 at an active lower bound, &gt;= 0 at an active upper bound).
    /// </summary>
    /// <param name="equalityNu">One per <see cref="EqualityRows"/> entry.</param>
    /// <param name="inequalityNu">One per <see cref="InequalityRows"/> entry.</param>
    /// <param name="lambda">Receives m row multipliers.</param>
    public void RowMultipliers(ReadOnlySpan<double> equalityNu, ReadOnlySpan<double> inequalityNu, Span<double> lambda)
    {
        lambda[..Count].Clear();
        for (int k = 0; k < EqualityRows.Count; k++)
        {
            lambda[EqualityRows[k].Row] -= EqualityRows[k].Sign * equalityNu[k];
        }

        for (int k = 0; k < InequalityRows.Count; k++)
        {
            lambda[InequalityRows[k].Row] -= InequalityRows[k].Sign * inequalityNu[k];
        }
    }

    /// <summary>Adds (Σ λ_i ∇²c_i(x)) v to <paramref name="result"/> for the rows whose second derivatives are not taken
    /// with the objective's: finite differences of Jᵀλ along v for user-Jacobian and finite-difference constraints.</summary>
    internal void AddCurvatureByDifferences(ReadOnlySpan<double> x, ReadOnlySpan<double> lambda, ReadOnlySpan<double> v, Span<double> result, bool includeAutodiff)
    {
        int n = Dimension;
        double vnorm = 0, xnorm = 0;
        for (int i = 0; i < n; i++)
        {
            vnorm += v[i] * v[i];
            xnorm += x[i] * x[i];
        }

        vnorm = Math.Sqrt(vnorm);
        if (vnorm == 0)
        {
            return;
        }

        double h = Math.Sqrt(_problem.MachineEpsilon) * (1 + Math.Sqrt(xnorm)) / vnorm;
        var xp = new double[n];
        for (int i = 0; i < n; i++)
        {
            xp[i] = x[i] + (h * v[i]);
        }

        var xa = x.ToArray();
        foreach (var e in _entries)
        {
            if (e.Constraint is LinearConstraint || (e.IsAutodiff && !includeAutodiff))
            {
                continue;
            }

            var lam = lambda.Slice(e.Offset, e.Rows);
            if (lam.IndexOfAnyExcept(0.0) < 0)
            {
                continue;
            }

            var j0 = new double[e.Rows * n];
            var j1 = new double[e.Rows * n];
            var tmp = new double[e.Rows];
            e.ValuesAndJacobian(this, xa, tmp, j0);
            e.ValuesAndJacobian(this, xp, tmp, j1);
            for (int r = 0; r < e.Rows; r++)
            {
                for (int j = 0; j < n; j++)
                {
                    result[j] += lam[r] * (j1[(r * n) + j] - j0[(r * n) + j]) / h;
                }
            }
        }
    }

    /// <summary>λᵀc(x) as a tensor expression over the autodiff constraints (zero when there are none), for the exact
    /// Hessian of the Lagrangian by reverse over reverse.</summary>
    internal Tensor? AutodiffLagrangianTerm(Tensor x, ReadOnlySpan<double> lambda)
    {
        Tensor? sum = null;
        foreach (var e in _entries)
        {
            if (!e.IsAutodiff)
            {
                continue;
            }

            var lam = lambda.Slice(e.Offset, e.Rows);
            if (lam.IndexOfAnyExcept(0.0) < 0)
            {
                continue;
            }

            var c = e.Function!(x).Reshape(new Shape([e.Rows]));
            var term = Tensor.Dot(c, Tensor.FromArray(lam, new Shape([e.Rows]), c.DType));
            sum = sum is null ? term : sum + term;
        }

        return sum;
    }

    private void Remember(ReadOnlySpan<double> x, ReadOnlySpan<double> values, ReadOnlySpan<double> jacobian)
    {
        x.CopyTo(_cachedX);
        values.CopyTo(_cachedValues);
        _valuesCached = true;
        _jacobianCached = !jacobian.IsEmpty;
        if (_jacobianCached)
        {
            jacobian.CopyTo(_cachedJacobian);
        }
    }

    private void CheckLengths(ReadOnlySpan<double> x, int got, int expected, string what)
    {
        if (x.Length != Dimension)
        {
            throw new ArgumentException($"x has {x.Length} elements; the problem has {Dimension}.", nameof(x));
        }

        if (got != expected)
        {
            throw new ArgumentException($"The {what} buffer holds {got} entries; expected {expected}.", what);
        }
    }

    /// <summary>One user constraint: how to evaluate it and where its rows sit.</summary>
    private sealed class Entry
    {
        private readonly Func<Tensor, Tensor>? _function;
        private readonly Shape _shape;

        public Entry(string name, Constraint constraint, Shape shape, Func<Tensor, Variables> split)
        {
            Name = name;
            Constraint = constraint;
            _shape = shape;
            if (constraint is NonlinearConstraint nc)
            {
                if (nc.TensorFunction is { } tf)
                {
                    _function = tf;
                }
                else
                {
                    var vf = nc.VariablesFunction!;
                    _function = x => vf(split(x));
                }

                Source = nc.Jacobian is not null ? "user"
                    : nc.Differentiation switch { Differentiation.TwoPoint => "2-point", Differentiation.ThreePoint => "3-point", _ => "autodiff" };
            }
            else
            {
                Source = "linear";
            }

        }

        public string Name { get; }

        public Constraint Constraint { get; }

        public string Source { get; }

        public int Offset { get; set; }

        public int Rows { get; private set; } = -1;

        public int[] OutputShape { get; private set; } = [];

        public bool IsAutodiff => Source == "autodiff";

        public Func<Tensor, Tensor>? Function => _function;

        public double[] Values(ConstraintSet set, double[] x, bool firstCall)
        {
            if (Constraint is LinearConstraint lc)
            {
                if (firstCall)
                {
                    Rows = lc.Rows;
                    OutputShape = [lc.Rows];
                    if (lc.Columns != x.Length)
                    {
                        return new double[lc.Rows];
                    }
                }

                return Linear(lc, x);
            }

            var problem = set._problem;
            try
            {
                using var scope = TensorScope.Begin();
                using var precision = EvaluationPrecision.Begin(problem.Precision);
                using var noGrad = Grad.NoGrad();
                var y = _function!(Tensor.FromArray(x, _shape, problem.Precision));
                CheckOutput(y, firstCall);
                return y.ToArray();
            }
            catch (Exception ex) when (ex is not StopSignal and not ObjectiveException)
            {
                throw Wrap(problem, ex);
            }
        }

        public void ValuesAndJacobian(ConstraintSet set, double[] x, Span<double> values, Span<double> jacobian)
        {
            int n = x.Length;
            if (Constraint is LinearConstraint lc)
            {
                Linear(lc, x).CopyTo(values);
                for (int i = 0; i < lc.Rows; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        jacobian[(i * n) + j] = lc[i, j];
                    }
                }

                return;
            }

            var nc = (NonlinearConstraint)Constraint;
            var problem = set._problem;
            if (nc.Jacobian is { } user)
            {
                Values(set, x, firstCall: false).CopyTo(values);
                double[,] j;
                try
                {
                    j = user((double[])x.Clone());
                }
                catch (Exception ex) when (ex is not StopSignal and not ObjectiveException)
                {
                    throw Wrap(problem, ex, "Jacobian");
                }

                if (j is null || j.GetLength(0) != Rows || j.GetLength(1) != n)
                {
                    throw new ObjectiveException($"The Jacobian of constraint '{Name}' is {(j is null ? "null" : $"{j.GetLength(0)}x{j.GetLength(1)}")}; expected {Rows}x{n}.");
                }

                for (int i = 0; i < Rows; i++)
                {
                    for (int k = 0; k < n; k++)
                    {
                        jacobian[(i * n) + k] = j[i, k];
                    }
                }

                return;
            }

            if (nc.Differentiation != Differentiation.Autodiff)
            {
                FiniteDifferences(set, x, values, jacobian, nc.Differentiation == Differentiation.ThreePoint);
                return;
            }

            try
            {
                using var scope = TensorScope.Begin();
                using var precision = EvaluationPrecision.Begin(problem.Precision);
                var tape = Tape.Enter();
                try
                {
                    var xw = tape.Watch(Tensor.FromArray(x, _shape, problem.Precision));
                    var y = _function!(xw);
                    CheckOutput(y, firstCall: false);
                    y.ToArray().CopyTo(values);
                    bool connected = y.Node is { } on && on.Tape == tape && on.Index >= xw.Node!.Index;
                    if (!connected)
                    {
                        throw new ObjectiveException($"Constraint '{Name}' does not depend on the variables as the tape sees them (computed from host copies, detached tensors or constants): its autodiff Jacobian would be zero. Write it with tensor operations, or set Differentiation = TwoPoint.");
                    }

                    var seed = new double[Rows];
                    var row = new double[n];
                    bool anyReached = false;
                    Span<bool> reached = [false];
                    for (int i = 0; i < Rows; i++)
                    {
                        seed[i] = 1;
                        var s = Tensor.FromArray(seed, y.Shape, y.DType);
                        seed[i] = 0;
                        Span<Tensor> sources = [xw];
                        tape.Gradient(y, sources, s, createGraph: false, reached)[0].CopyTo(row);
                        anyReached |= reached[0];
                        row.CopyTo(jacobian.Slice(i * n, n));
                    }

                    if (!anyReached && Rows > 0)
                    {
                        throw new ObjectiveException($"Constraint '{Name}' depends on the variables only through piecewise-constant operations (comparisons, sign, step): its autodiff Jacobian is zero. Write it with differentiable tensor operations, or set Differentiation = TwoPoint.");
                    }
                }
                finally
                {
                    tape.Exit();
                }
            }
            catch (Exception ex) when (ex is not StopSignal and not ObjectiveException)
            {
                throw Wrap(problem, ex);
            }
        }

        private void FiniteDifferences(ConstraintSet set, double[] x, Span<double> values, Span<double> jacobian, bool central)
        {
            int n = x.Length;
            var problem = set._problem;
            var f0 = Values(set, x, firstCall: false);
            f0.CopyTo(values);
            double rel = central ? Math.Cbrt(problem.MachineEpsilon) : Math.Sqrt(problem.MachineEpsilon);
            var xp = (double[])x.Clone();
            for (int j = 0; j < n; j++)
            {
                double xj = x[j];
                double h = rel * Math.Max(1, Math.Abs(xj)) * (xj >= 0 ? 1 : -1);
                double hp = Tensors.Precision.Round(xj + h, problem.Precision) - xj;
                if (hp == 0)
                {
                    hp = h;
                }

                xp[j] = xj + hp;
                var fp = Values(set, xp, firstCall: false);
                if (central)
                {
                    xp[j] = xj - hp;
                    var fm = Values(set, xp, firstCall: false);
                    for (int i = 0; i < Rows; i++)
                    {
                        jacobian[(i * n) + j] = (fp[i] - fm[i]) / (2 * hp);
                    }
                }
                else
                {
                    for (int i = 0; i < Rows; i++)
                    {
                        jacobian[(i * n) + j] = (fp[i] - f0[i]) / hp;
                    }
                }

                xp[j] = xj;
            }
        }

        private void CheckOutput(Tensor y, bool firstCall)
        {
            if (firstCall)
            {
                if (y.Size == 0)
                {
                    throw new InvalidOperationException($"Constraint '{Name}' returned an empty tensor (shape {y.Shape}); it needs at least one element.");
                }

                Rows = y.Size;
                OutputShape = y.Shape.Dims.ToArray();
                return;
            }

            if (y.Size != Rows)
            {
                throw new ObjectiveException($"Constraint '{Name}' returned shape {y.Shape} ({y.Size} elements) but {Rows} at the start; a constraint's output size must not change.");
            }
        }

        private ObjectiveException Wrap(MinimizationProblem problem, Exception ex, string what = "function") =>
            new($"The {(what == "function" ? "" : what + " of ")}constraint '{Name}' threw at iteration {problem.Iteration}: {ex.Message}", ex);

        private static double[] Linear(LinearConstraint lc, double[] x)
        {
            var v = new double[lc.Rows];
            for (int i = 0; i < lc.Rows; i++)
            {
                double s = 0;
                for (int j = 0; j < x.Length; j++)
                {
                    s += lc[i, j] * x[j];
                }

                v[i] = s;
            }

            return v;
        }
    }
}
