using System.Runtime.InteropServices;
using Adjoint.Optimize.Constraints;

namespace Adjoint.Optimize.Methods.TrustConstr;

/// <summary>
/// A <see cref="MinimizationProblem"/> with its <see cref="ConstraintSet"/> and box bounds as trust-constr's canonical
/// program: equality rows h = c - bound; inequality rows -Sign·(c - Bound) ≤ 0 from the set's standard rows, then one
/// row per finite bound, l - xᵢ ≤ 0 and xᵢ - u ≤ 0 (scipy turns bounds into constraint rows too). A variable with
/// l = u becomes an equality row xᵢ - l = 0.
/// </summary>
internal sealed class ProblemProgram : NonlinearProgram
{
    private readonly MinimizationProblem _problem;
    private readonly ConstraintSet? _set;
    private readonly int _n, _m;
    private readonly StandardRow[] _eqRows, _inRows;
    // bound rows: variable index and sign (+1: lower bound l - x ≤ 0; -1: upper bound x - u ≤ 0)
    private readonly (int Variable, double Bound)[] _fixed;
    private readonly (int Variable, double Sign, double Bound)[] _boundRows;
    private readonly bool _keepBounds;
    private readonly double[] _values;
    private readonly double[] _jac;
    private readonly double[] _lambda;

    /// <summary>Builds the program; with <paramref name="keepBoundsFeasible"/> every trial point stays inside the box (a fraction-to-the-boundary rule on x).</summary>
    public ProblemProgram(MinimizationProblem problem, bool keepBoundsFeasible)
    {
        _problem = problem;
        _set = problem.Constraints;
        _n = problem.Dimension;
        _m = _set?.Count ?? 0;
        _eqRows = _set is null ? [] : [.. _set.EqualityRows];
        _inRows = _set is null ? [] : [.. _set.InequalityRows];
        var fixedVars = new List<(int, double)>();
        var rows = new List<(int, double, double)>();
        if (problem.Lower is { } lo && problem.Upper is { } up)
        {
            for (int i = 0; i < _n; i++)
            {
                if (lo[i] == up[i])
                {
                    fixedVars.Add((i, lo[i]));
                    continue;
                }

                if (double.IsFinite(lo[i]))
                {
                    rows.Add((i, 1.0, lo[i]));
                }

                if (double.IsFinite(up[i]))
                {
                    rows.Add((i, -1.0, up[i]));
                }
            }
        }

        _fixed = [.. fixedVars];
        _boundRows = [.. rows];
        _keepBounds = keepBoundsFeasible;
        _values = new double[_m];
        _jac = new double[_m * _n];
        _lambda = new double[_m];
    }

    /// <inheritdoc/>
    public override int Dimension => _n;

    /// <inheritdoc/>
    public override int EqualityCount => _eqRows.Length + _fixed.Length;

    /// <inheritdoc/>
    public override int InequalityCount => _inRows.Length + _boundRows.Length;

    /// <summary>The number of inequality rows that come from the constraint set (the bound rows follow them).</summary>
    public int ConstraintInequalityCount => _inRows.Length;

    /// <summary>
    /// x₀ pushed strictly inside the box when the bounds are kept (the step box has no width on a face x₀ lies on): a
    /// coordinate closer to a bound than p = min(0.01·max(1, |bound|), 0.01·(u - l)) moves to distance p (IPOPT's
    /// bound_push and bound_frac). Unchanged without kept bounds.
    /// </summary>
    public double[] InteriorStart(double[] x0)
    {
        var x = (double[])x0.Clone();
        if (!_keepBounds || _problem.Lower is not { } lo || _problem.Upper is not { } up)
        {
            return x;
        }

        for (int i = 0; i < _n; i++)
        {
            if (lo[i] == up[i])
            {
                continue;
            }

            double width = up[i] - lo[i];
            if (double.IsFinite(lo[i]))
            {
                double p = Math.Min(0.01 * Math.Max(1, Math.Abs(lo[i])), 0.01 * width);
                x[i] = Math.Max(x[i], lo[i] + p);
            }

            if (double.IsFinite(up[i]))
            {
                double p = Math.Min(0.01 * Math.Max(1, Math.Abs(up[i])), 0.01 * width);
                x[i] = Math.Min(x[i], up[i] - p);
            }
        }

        return x;
    }

    /// <inheritdoc/>
    public override double[]? StrictLower => _keepBounds ? _problem.Lower : null;

    /// <inheritdoc/>
    public override double[]? StrictUpper => _keepBounds ? _problem.Upper : null;

    /// <inheritdoc/>
    public override double ValueAndGradient(double[] x, double[] gradient) => _problem.ValueAndGradient(x, gradient);

    /// <inheritdoc/>
    public override void Constraints(double[] x, double[] equality, double[] inequality)
    {
        _set?.Evaluate(x, _values);
        Fill(x, equality, inequality);
    }

    /// <inheritdoc/>
    public override void Jacobians(double[] x, double[,] equality, double[,] inequality)
    {
        _set?.EvaluateWithJacobian(x, _values, _jac);
        if (_n == 0)
        {
            return;
        }

        // Every entry of the constraint-set rows is written; only the fixed-variable and bound rows need clearing.
        var eq = Flat(equality);
        var ineq = Flat(inequality);
        eq[(_eqRows.Length * _n)..].Clear();
        ineq[(_inRows.Length * _n)..].Clear();
        for (int k = 0; k < _eqRows.Length; k++)
        {
            var r = _eqRows[k];
            Signed(_jac.AsSpan(r.Row * _n, _n), r.Sign, eq.Slice(k * _n, _n));
        }

        for (int k = 0; k < _fixed.Length; k++)
        {
            equality[_eqRows.Length + k, _fixed[k].Variable] = 1;
        }

        for (int k = 0; k < _inRows.Length; k++)
        {
            var r = _inRows[k];
            Signed(_jac.AsSpan(r.Row * _n, _n), -r.Sign, ineq.Slice(k * _n, _n));
        }

        if (inequality.GetLength(0) == _inRows.Length)
        {
            return;
        }

        for (int k = 0; k < _boundRows.Length; k++)
        {
            inequality[_inRows.Length + k, _boundRows[k].Variable] = -_boundRows[k].Sign;
        }
    }

    /// <inheritdoc/>
    public override int BoundRowCount => _boundRows.Length;

    /// <inheritdoc/>
    public override (int Variable, double Coefficient) BoundRow(int k) => (_boundRows[k].Variable, -_boundRows[k].Sign);

    /// <inheritdoc/>
    public override void LagrangianHessianProduct(double[] x, double[] equalityMultipliers, double[] inequalityMultipliers,
        ReadOnlySpan<double> p, Span<double> result)
    {
        RowMultipliers(equalityMultipliers, inequalityMultipliers, _lambda, null);
        _problem.LagrangianHessianVectorProduct(x, _set is null ? ReadOnlySpan<double>.Empty : _lambda, p, result);
    }

    /// <summary>
    /// The row multipliers λ (one per constraint-set row) and bound multipliers μ (one per variable, when given) in the
    /// library's convention ∇f + Jᵀλ + μ = 0, from the canonical multipliers v.
    /// </summary>
    public void RowMultipliers(ReadOnlySpan<double> veq, ReadOnlySpan<double> vin, Span<double> lambda, Span<double> mu)
    {
        lambda[.._m].Clear();
        for (int k = 0; k < _eqRows.Length; k++)
        {
            lambda[_eqRows[k].Row] += _eqRows[k].Sign * veq[k];
        }

        for (int k = 0; k < _inRows.Length; k++)
        {
            lambda[_inRows[k].Row] -= _inRows[k].Sign * vin[k];
        }

        if (mu.IsEmpty)
        {
            return;
        }

        mu[.._n].Clear();
        for (int k = 0; k < _fixed.Length; k++)
        {
            mu[_fixed[k].Variable] += veq[_eqRows.Length + k];
        }

        for (int k = 0; k < _boundRows.Length; k++)
        {
            mu[_boundRows[k].Variable] -= _boundRows[k].Sign * vin[_inRows.Length + k];
        }
    }

    /// <summary>A sentence naming the most violated row or bound at <paramref name="x"/> (one more counted constraint evaluation).</summary>
    public string DescribeViolation(double[] x)
    {
        string text = "every constraint holds";
        double worst = 0;
        if (_set is not null)
        {
            _set.Evaluate(x, _values);
            worst = _set.Violation(_values);
            text = _set.DescribeViolation(_values);
        }

        if (_problem.Lower is { } lo && _problem.Upper is { } up)
        {
            for (int i = 0; i < _n; i++)
            {
                double v = Math.Max(lo[i] - x[i], x[i] - up[i]);
                if (v > worst)
                {
                    worst = v;
                    text = FormattableString.Invariant($"x[{i}] = {x[i]:G8} lies outside [{lo[i]:G6}, {up[i]:G6}] by {v:E3}");
                }
            }
        }

        return text;
    }

    /// <summary>The entries of a row-major matrix as one span.</summary>
    private static Span<double> Flat(double[,] a) => a.Length == 0 ? Span<double>.Empty : MemoryMarshal.CreateSpan(ref a[0, 0], a.Length);

    /// <summary>to = sign · from.</summary>
    private static void Signed(ReadOnlySpan<double> from, double sign, Span<double> to)
    {
        for (int j = 0; j < from.Length; j++)
        {
            to[j] = sign * from[j];
        }
    }

    private void Fill(double[] x, double[] equality, double[] inequality)
    {
        for (int k = 0; k < _eqRows.Length; k++)
        {
            equality[k] = _eqRows[k].Of(_values[_eqRows[k].Row]);
        }

        for (int k = 0; k < _fixed.Length; k++)
        {
            equality[_eqRows.Length + k] = x[_fixed[k].Variable] - _fixed[k].Bound;
        }

        for (int k = 0; k < _inRows.Length; k++)
        {
            inequality[k] = -_inRows[k].Of(_values[_inRows[k].Row]);
        }

        for (int k = 0; k < _boundRows.Length; k++)
        {
            var (v, sign, bound) = _boundRows[k];
            inequality[_inRows.Length + k] = sign * (bound - x[v]);
        }
    }
}
