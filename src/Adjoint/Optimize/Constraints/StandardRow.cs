namespace Adjoint.Optimize.Constraints;

/// <summary>
/// One row of a <see cref="ConstraintSet"/> in the standard form of SLSQP and COBYLA: g(x) = Sign·(c_Row(x) − Bound),
/// with g = 0 for an equality and g &gt;= 0 for an inequality.
/// </summary>
/// <param name="Row">The row of the constraint set.</param>
/// <param name="Sign">+1 for an equality or a lower bound, −1 for an upper bound.</param>
/// <param name="Bound">The bound the row is measured from.</param>
public readonly record struct StandardRow(int Row, double Sign, double Bound)
{
    /// <summary>g for the row's value c.</summary>
    /// <param name="value">c_Row(x).</param>
    public double Of(double value) => Sign * (value - Bound);
}
