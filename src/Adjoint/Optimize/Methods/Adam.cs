namespace Adjoint.Optimize.Methods;

// Symbols (Kingma & Ba 2015, Algorithm 1): x = θ_t, g = g_t = ∇f(θ_{t-1}), m, v the first and second moment estimates,
// m̂ = m / (1 - β₁ᵗ), v̂ = v / (1 - β₂ᵗ), α the learning rate, ε (Epsilon).

/// <summary>Adam (Kingma and Ba) on the full objective: per-coordinate steps -α m̂ / (√v̂ + ε).</summary>
/// <remarks>
/// <para>m ← β₁m + (1 - β₁)g, v ← β₂v + (1 - β₂)g², bias-corrected by 1 - βᵗ; s = -α m̂ / (√v̂ + ε). Steps have size about
/// α per coordinate whatever the scale of f, so Adam does not converge to high accuracy with a fixed α; success only
/// when ‖∇f‖∞ ≤ gtol, and the step is halved only when f becomes non-finite.</para>
/// <para>References: D. P. Kingma and J. Ba (2015), "Adam: A method for stochastic optimization", ICLR, Algorithm 1.</para>
/// </remarks>
internal sealed class Adam(AdamOptions options) : FirstOrderMethod<AdamOptions>(options)
{
    public override string Name => "Adam";

    protected override void Displacement(State s, int t, double[] step)
    {
        var g = s.G!;
        var m = s.First;
        var v = s.Second;
        double b1 = Options.Beta1, b2 = Options.Beta2;
        double c1 = 1 - Math.Pow(b1, t), c2 = 1 - Math.Pow(b2, t);
        for (int i = 0; i < g.Length; i++)
        {
            m[i] = (b1 * m[i]) + ((1 - b1) * g[i]);
            v[i] = (b2 * v[i]) + ((1 - b2) * g[i] * g[i]);
            step[i] = -Options.LearningRate * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + Options.Epsilon);
        }
    }
}
