using Adjoint.Autodiff;
using Adjoint.Optimize.Methods.TrustConstr;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods.TrustConstr;

/// <summary>
/// A small nonlinear program written in tensor ops, with derivatives by autodiff: f, equality rows h(x) = 0 and
/// inequality rows g(x) ≥ 0 (Hock-Schittkowski's convention; the canonical rows are -g ≤ 0). Counts evaluations.
/// </summary>
internal sealed class TensorProgram(
    string name, int n, Func<Tensor, Tensor> f, Func<Tensor, Tensor>[] equalities, Func<Tensor, Tensor>[] inequalities,
    double[] x0, double fStar, double[]? xStar = null) : NonlinearProgram
{
    public string Name => name;

    public Func<Tensor, Tensor> Objective => f;

    public IReadOnlyList<Func<Tensor, Tensor>> EqualityFunctions => equalities;

    public IReadOnlyList<Func<Tensor, Tensor>> InequalityFunctions => inequalities;

    public double[] X0 => x0;

    public double FStar => fStar;

    public double[]? XStar => xStar;

    public int FunctionEvaluations { get; private set; }

    public int HessianProducts { get; private set; }

    public override int Dimension => n;

    public override int EqualityCount => equalities.Length;

    public override int InequalityCount => inequalities.Length;

    public override string ToString() => name;

    public override double ValueAndGradient(double[] x, double[] gradient)
    {
        FunctionEvaluations++;
        var (v, g) = Grad.ValueAndGrad(f, Tensor.FromArray(x));
        g.ToArray().CopyTo(gradient, 0);
        return v.Item();
    }

    public override void Constraints(double[] x, double[] equality, double[] inequality)
    {
        var t = Tensor.FromArray(x);
        for (int i = 0; i < equalities.Length; i++)
        {
            equality[i] = equalities[i](t).Item();
        }

        for (int i = 0; i < inequalities.Length; i++)
        {
            inequality[i] = -inequalities[i](t).Item();
        }
    }

    public override void Jacobians(double[] x, double[,] equality, double[,] inequality)
    {
        var t = Tensor.FromArray(x);
        for (int i = 0; i < equalities.Length; i++)
        {
            var g = Grad.Gradient(equalities[i], t).ToArray();
            for (int j = 0; j < n; j++)
            {
                equality[i, j] = g[j];
            }
        }

        for (int i = 0; i < inequalities.Length; i++)
        {
            var g = Grad.Gradient(inequalities[i], t).ToArray();
            for (int j = 0; j < n; j++)
            {
                inequality[i, j] = -g[j];
            }
        }
    }

    public override void LagrangianHessianProduct(double[] x, double[] equalityMultipliers, double[] inequalityMultipliers,
        ReadOnlySpan<double> p, Span<double> result)
    {
        HessianProducts++;
        var veq = (double[])equalityMultipliers.Clone();
        var vin = (double[])inequalityMultipliers.Clone();
        Tensor L(Tensor t)
        {
            var sum = f(t);
            for (int i = 0; i < veq.Length; i++)
            {
                sum += veq[i] * equalities[i](t);
            }

            for (int i = 0; i < vin.Length; i++)
            {
                sum -= vin[i] * inequalities[i](t);
            }

            return sum;
        }

        var hv = Grad.Hvp(L, Tensor.FromArray(x), Tensor.FromArray(p.ToArray())).ToArray();
        hv.CopyTo(result);
    }

    /// <summary>Bounds as inequality rows x_i - l ≥ 0 and u - x_i ≥ 0 (scipy's treatment of bounds in trust-constr).</summary>
    public static Func<Tensor, Tensor>[] BoundRows(double[] lower, double[] upper)
    {
        var rows = new List<Func<Tensor, Tensor>>();
        for (int i = 0; i < lower.Length; i++)
        {
            int k = i;
            if (double.IsFinite(lower[i]))
            {
                double l = lower[i];
                rows.Add(x => x[k] - l);
            }

            if (double.IsFinite(upper[i]))
            {
                double u = upper[i];
                rows.Add(x => u - x[k]);
            }
        }

        return [.. rows];
    }
}
