namespace Adjoint.Optimize.Methods;

// Symbols (Goodfellow, Bengio, Courville, Section 8.3; Nocedal & Wright Section 3.1 for steepest descent): x = x_k, g = ∇f_k,
// η the learning rate (fixed step length α_k = η, no line search), μ the momentum, v the velocity.

/// <summary>Fixed-step gradient descent with heavy-ball or Nesterov momentum (PyTorch's <c>SGD</c> on the full objective).</summary>
/// <remarks>
/// <para>v ← μv + g; the step is s = -ηv (heavy ball), or s = -η(g + μv) with Nesterov's correction; μ = 0 is steepest
/// descent with a constant step. No line search: η must be below 2/L for a gradient Lipschitz constant L, and the
/// step is halved only when f becomes non-finite. Success only when ‖∇f‖∞ ≤ gtol.</para>
/// <para>References: B. T. Polyak (1964), "Some methods of speeding up the convergence of iteration methods", USSR Comput.
/// Math. Math. Phys. 4(5); Y. Nesterov (1983), Soviet Math. Dokl. 27; I. Sutskever et al. (2013), "On the importance of
/// initialization and momentum in deep learning", ICML; Nocedal &amp; Wright (2006), Section 3.1.</para>
/// </remarks>
internal sealed class GradientDescent(GradientDescentOptions options) : FirstOrderMethod<GradientDescentOptions>(options)
{
    public override string Name => "GradientDescent";

    protected override void Displacement(State s, int t, double[] step)
    {
        var g = s.G!;
        var v = s.First;
        double lr = Options.LearningRate, mu = Options.Momentum;
        for (int i = 0; i < g.Length; i++)
        {
            v[i] = (mu * v[i]) + g[i];
            step[i] = -lr * (Options.Nesterov ? g[i] + (mu * v[i]) : v[i]);
        }
    }
}
