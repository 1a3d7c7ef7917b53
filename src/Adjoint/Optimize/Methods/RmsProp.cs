namespace Adjoint.Optimize.Methods;

// Symbols (Goodfellow, Bengio, Courville, Algorithm 8.5): x = x_k, g = ∇f_k, r the running mean of g² with decay ρ (Alpha),
// δ (Epsilon), η the learning rate, μ the momentum with buffer b.

/// <summary>RMSProp (Tieleman and Hinton): per-coordinate steps -η g / (√r + δ) with r a running mean of g².</summary>
/// <remarks>
/// <para>r ← ρr + (1 - ρ)g²; s = -η g / (√r + δ), or with momentum b ← μb + g / (√r + δ), s = -ηb. Success only when
/// ‖∇f‖∞ ≤ gtol; the step is halved only when f becomes non-finite.</para>
/// <para>References: T. Tieleman and G. Hinton (2012), Lecture 6.5 "rmsprop", COURSERA: Neural Networks for Machine
/// Learning; Goodfellow, Bengio, Courville (2016), "Deep Learning", Algorithm 8.5.</para>
/// </remarks>
internal sealed class RmsProp(RmsPropOptions options) : FirstOrderMethod<RmsPropOptions>(options)
{
    public override string Name => "RMSProp";

    protected override void Displacement(State s, int t, double[] step)
    {
        var g = s.G!;
        var r = s.Second;
        var b = s.First;
        double lr = Options.LearningRate, rho = Options.Alpha, eps = Options.Epsilon, mu = Options.Momentum;
        for (int i = 0; i < g.Length; i++)
        {
            r[i] = (rho * r[i]) + ((1 - rho) * g[i] * g[i]);
            double scaled = g[i] / (Math.Sqrt(r[i]) + eps);
            if (mu > 0)
            {
                b[i] = (mu * b[i]) + scaled;
                scaled = b[i];
            }

            step[i] = -lr * scaled;
        }
    }
}
