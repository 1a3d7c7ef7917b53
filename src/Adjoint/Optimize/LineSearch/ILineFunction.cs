namespace Adjoint.Optimize.LineSearch;

/// <summary>The 1-D restriction φ(α) = f(x + α d) of an objective along a direction, with its derivative φ'(α) = ∇f(x + α d)·d.</summary>
public interface ILineFunction
{
    /// <summary>Evaluates φ(α), writing φ'(α) into <paramref name="derivative"/>. May return NaN or infinity.</summary>
    double Evaluate(double step, out double derivative);
}
