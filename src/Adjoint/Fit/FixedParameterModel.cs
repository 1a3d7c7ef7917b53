namespace Adjoint.Fit;

/// <summary>
/// A residual model restricted to its free variables: the variables whose lower and upper bounds are equal are held at
/// that value, and the methods see only the others (their Jacobian is the full one without the fixed columns).
/// </summary>
internal sealed class FixedParameterModel : ResidualModel
{
    private readonly ResidualModel _model;
    private readonly int[] _free;
    private readonly double[] _full;
    private readonly double[] _fullJacobian;

    /// <param name="model">The model over all variables.</param>
    /// <param name="free">The indices of the free variables, ascending.</param>
    /// <param name="values">A point of all variables; the fixed ones keep their values from it.</param>
    public FixedParameterModel(ResidualModel model, int[] free, double[] values)
    {
        _model = model;
        _free = free;
        _full = (double[])values.Clone();
        _fullJacobian = new double[model.M * model.N];
    }

    public override int M => _model.M;

    public override int N => _free.Length;

    /// <summary>All variables at the free point <paramref name="x"/> (a new array).</summary>
    public double[] Expand(ReadOnlySpan<double> x)
    {
        var full = (double[])_full.Clone();
        for (int k = 0; k < _free.Length; k++)
        {
            full[_free[k]] = x[k];
        }

        return full;
    }

    /// <summary>The free variables of a point of all variables.</summary>
    public double[] Restrict(ReadOnlySpan<double> full)
    {
        var x = new double[_free.Length];
        for (int k = 0; k < _free.Length; k++)
        {
            x[k] = full[_free[k]];
        }

        return x;
    }

    public override void Evaluate(ReadOnlySpan<double> x, Span<double> f) => _model.Evaluate(Expand(x), f);

    public override bool ReachesVariables(ReadOnlySpan<double> x) => _model.ReachesVariables(Expand(x));

    public override void Jacobian(ReadOnlySpan<double> x, double[] jacobian)
    {
        int m = _model.M;
        _model.Jacobian(Expand(x), _fullJacobian);
        for (int k = 0; k < _free.Length; k++)
        {
            Array.Copy(_fullJacobian, _free[k] * m, jacobian, k * m, m);
        }
    }
}
