using Adjoint.Tensors;

namespace Adjoint.Benchmarks.Workloads;

/// <summary>
/// The extended Rosenbrock function f(x) = sum(100 (x[1:] - x[:-1]^2)^2 + (1 - x[:-1])^2), written with slicing
/// exactly as <c>rosen_torch</c> in ../shared/ref/peers.py, and a hand-written fused loop for the baseline.
/// </summary>
public static class Rosenbrock
{
    /// <summary>The objective in tensor operations (the peers' <c>rosen_torch</c>).</summary>
    public static Tensor Function(Tensor x) =>
        (100.0 * (x[1..] - x[..^1].Square()).Square() + (1.0 - x[..^1]).Square()).Sum();

    /// <summary>The point peers.py evaluates value+gradient at: every coordinate 0.5.</summary>
    public static double[] Point(int n)
    {
        var x = new double[n];
        Array.Fill(x, 0.5);
        return x;
    }

    /// <summary>Value and gradient in one pass over x, with no allocation: what a careful C# programmer writes by hand.</summary>
    public static double FusedValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        int n = x.Length;
        double f = 0;
        double gPrev = 0; // contribution 200 d_{i-1} to g_i from the previous term
        for (int i = 0; i < n - 1; i++)
        {
            double xi = x[i];
            double d = x[i + 1] - (xi * xi);
            double e = 1.0 - xi;
            f += (100.0 * d * d) + (e * e);
            gradient[i] = gPrev - (400.0 * xi * d) - (2.0 * e);
            gPrev = 200.0 * d;
        }

        gradient[n - 1] = gPrev;
        return f;
    }
}
