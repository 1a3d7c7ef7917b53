using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>
/// Numerical integration with scipy's <c>quad</c>, <c>fixed_quad</c>, <c>dblquad</c> and <c>tplquad</c> semantics,
/// differentiable with respect to the integrand's parameters and to the limits.
/// </summary>
/// <remarks>
/// <para>The integrand receives a 1-D tensor holding a whole panel of nodes (all Kronrod nodes of the intervals
/// being refined) and returns one value per node, so it is written with tensor operations and called once per
/// panel, not once per point.</para>
/// <para>Derivatives: the adaptive algorithm runs without recording and chooses the final partition; then, when a
/// gradient tape records, the integrand is evaluated once more on the tape at every node of that partition and the
/// value is the weighted sum plus a constant (the difference between QUADPACK's result, which may be extrapolated,
/// and the partition sum). Its derivative with respect to a parameter θ is therefore the same Gauss-Kronrod rule on
/// the same partition applied to ∂f/∂θ, at every order. Limits given as tensors enter through the nodes
/// <c>x = a + (b - a) u</c> with fixed fractions u, which yields the Leibniz rule <c>f(b) db - f(a) da</c> plus
/// the interior term, up to the rule's accuracy on f'.</para>
/// <para>References: Piessens, de Doncker-Kapenga, Überhuber &amp; Kahaner (1983), QUADPACK, Springer; scipy
/// <c>scipy.integrate.quad</c> documentation.</para>
/// </remarks>
/// <example><code>
/// var r = Quadrature.Quad(x => Tensor.Exp(-x * x), double.NegativeInfinity, double.PositiveInfinity);
/// double value = r.Value.Item(); // √π
/// </code></example>
public static class Quadrature
{
    /// <summary>The integral of <paramref name="f"/> from <paramref name="a"/> to <paramref name="b"/> by adaptive
    /// Gauss-Kronrod quadrature (QUADPACK qags; qagi for infinite limits; qagp with <see cref="QuadOptions.Points"/>).</summary>
    /// <param name="f">The integrand on a 1-D tensor of nodes, returning one value per node.</param>
    /// <param name="a">The lower limit (may be -∞).</param>
    /// <param name="b">The upper limit (may be +∞); b &lt; a integrates backwards.</param>
    /// <param name="options">Tolerances, limit, points and node dtype; scipy's defaults when null.</param>
    /// <returns>The value (a scalar tensor), the error estimate, counts and status.</returns>
    /// <exception cref="ArgumentException">A limit is NaN, both limits are the same infinity, a point is outside the
    /// range or given with an infinite range, or the integrand returns the wrong number of values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance or the limit is invalid (see <see cref="QuadOptions.Validate"/>).</exception>
    public static QuadResult Quad(Func<Tensor, Tensor> f, double a, double b, QuadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        options ??= new QuadOptions();
        options.Validate();
        var (outcome, range, sign) = Adaptive(f, a, b, options);
        if (!QuadratureSetup.Recording || outcome.Status == QuadStatus.NonFiniteValue)
        {
            return QuadratureSetup.NotRecorded(outcome, sign, options.DType);
        }

        var (points, weights) = QuadratureSetup.FinalNodes(outcome, range);
        var dt = options.DType;
        var y = QuadratureSetup.Call(f, Tensor.FromArray(points, new Shape(points.Length), dt));
        var value = ((y * Const.Of(weights, y.DType)).Sum() + (outcome.Value - outcome.PartitionSum)) * sign;
        return new QuadResult(value, outcome.Error, outcome.Evaluations, outcome.Lower.Length, outcome.Status, outcome.Message);
    }

    /// <summary>The integral with limits given as scalar tensors, differentiable with respect to them (Leibniz rule);
    /// the nodes take the limits' dtype. An infinite limit has no derivative.</summary>
    /// <param name="f">The integrand on a 1-D tensor of nodes.</param>
    /// <param name="a">The lower limit, a one-element tensor.</param>
    /// <param name="b">The upper limit, a one-element tensor of the same dtype.</param>
    /// <param name="options">Tolerances, limit and points (<see cref="QuadOptions.DType"/> is replaced by the limits' dtype).</param>
    /// <exception cref="ArgumentException">The limits differ in dtype or hold more than one value, or as for the double overload.</exception>
    public static QuadResult Quad(Func<Tensor, Tensor> f, Tensor a, Tensor b, QuadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        double av = QuadratureSetup.LimitValue(a, nameof(a)), bv = QuadratureSetup.LimitValue(b, nameof(b));
        if (a.DType != b.DType)
        {
            throw new ArgumentException($"The limits differ in dtype ({a.DType} and {b.DType}).", nameof(b));
        }

        options = (options ?? new QuadOptions()) with { DType = a.DType };
        options.Validate();
        var (outcome, range, sign) = Adaptive(f, av, bv, options);
        if (!QuadratureSetup.Recording || outcome.Status == QuadStatus.NonFiniteValue)
        {
            return QuadratureSetup.NotRecorded(outcome, sign, a.DType);
        }

        var (points, weights) = QuadratureSetup.FinalNodes(outcome, range);
        var (lo, hi) = sign > 0 ? (a.Reshape(), b.Reshape()) : (b.Reshape(), a.Reshape());
        var dt = a.DType;
        Tensor x, w;
        if (range.Kind == RangeKind.Finite)
        {
            double length = range.Upper - range.Lower;
            var fraction = new double[points.Length];
            var scaled = new double[points.Length];
            for (int i = 0; i < points.Length; i++)
            {
                fraction[i] = length == 0 ? 0.5 : (points[i] - range.Lower) / length;
                scaled[i] = length == 0 ? 0 : weights[i] / length;
            }

            var span = hi - lo;
            x = lo + (span * Const.Of(fraction, dt));
            w = span * Const.Of(scaled, dt);
        }
        else if (range.Kind == RangeKind.WholeLine)
        {
            x = Const.Of(points, dt);
            w = Const.Of(weights, dt);
        }
        else
        {
            var bound = range.Kind == RangeKind.UpperInfinite ? lo : hi;
            var offset = new double[points.Length];
            for (int i = 0; i < points.Length; i++)
            {
                offset[i] = points[i] - range.Bound;
            }

            x = bound + Const.Of(offset, dt);
            w = Const.Of(weights, dt);
        }

        var y = QuadratureSetup.Call(f, x);
        var value = ((y * w).Sum() + (outcome.Value - outcome.PartitionSum)) * sign;
        return new QuadResult(value, outcome.Error, outcome.Evaluations, outcome.Lower.Length, outcome.Status, outcome.Message);
    }

    /// <summary>The n-point Gauss-Legendre approximation of ∫_a^b f (scipy <c>fixed_quad</c>), one integrand call.</summary>
    /// <param name="f">The integrand on a 1-D tensor of nodes.</param>
    /// <param name="a">The finite lower limit.</param>
    /// <param name="b">The finite upper limit.</param>
    /// <param name="n">The order (number of nodes), default 5 as in scipy.</param>
    /// <param name="dtype">The nodes' dtype.</param>
    /// <returns>A scalar tensor, differentiable with respect to the integrand's parameters.</returns>
    /// <exception cref="ArgumentException">A limit is not finite, or the integrand returns the wrong number of values.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is below 1.</exception>
    public static Tensor FixedQuad(Func<Tensor, Tensor> f, double a, double b, int n = 5, DType dtype = DType.Float64) =>
        FixedQuad(f, Tensor.Scalar(a, dtype), Tensor.Scalar(b, dtype), n);

    /// <summary>The n-point Gauss-Legendre approximation with limits as scalar tensors, differentiable with respect to them.</summary>
    /// <param name="f">The integrand on a 1-D tensor of nodes.</param>
    /// <param name="a">The lower limit, a one-element tensor.</param>
    /// <param name="b">The upper limit, a one-element tensor of the same dtype.</param>
    /// <param name="n">The order, default 5.</param>
    /// <exception cref="ArgumentException">A limit is not finite or holds more than one value, or the dtypes differ.</exception>
    public static Tensor FixedQuad(Func<Tensor, Tensor> f, Tensor a, Tensor b, int n = 5)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        double av = QuadratureSetup.LimitValue(a, nameof(a)), bv = QuadratureSetup.LimitValue(b, nameof(b));
        if (!double.IsFinite(av) || !double.IsFinite(bv))
        {
            throw new ArgumentException($"FixedQuad needs finite limits (a = {av}, b = {bv}).", nameof(a));
        }

        if (a.DType != b.DType)
        {
            throw new ArgumentException($"The limits differ in dtype ({a.DType} and {b.DType}).", nameof(b));
        }

        var (nodes, weights) = GaussLegendre.Rule(n);
        var fraction = new double[n];
        for (int i = 0; i < n; i++)
        {
            fraction[i] = 0.5 * (nodes[i] + 1);
        }

        var dt = a.DType;
        var lo = a.Reshape();
        var span = b.Reshape() - lo;
        var y = QuadratureSetup.Call(f, lo + (span * Const.Of(fraction, dt)));
        return (y * Const.Of(weights, dt)).Sum() * span * 0.5;
    }

    /// <summary>The double integral <c>∫_a^b ∫_{g(x)}^{h(x)} f(y, x) dy dx</c> (scipy <c>dblquad</c>: the integrand
    /// takes the inner variable y first), by nested adaptive quadrature with the same options at both levels.</summary>
    /// <param name="f">The integrand on equal-length 1-D tensors (y, x), returning one value per pair.</param>
    /// <param name="a">The outer lower limit (may be infinite).</param>
    /// <param name="b">The outer upper limit (may be infinite).</param>
    /// <param name="gfun">The inner lower limit as a function of x.</param>
    /// <param name="hfun">The inner upper limit as a function of x.</param>
    /// <param name="options">Tolerances and limit for every level (Points apply to the outer level only).</param>
    /// <returns>The value, differentiable with respect to the integrand's parameters; Error is the outer estimate;
    /// Evaluations counts integrand points over all levels. An inner failure makes the result unsuccessful and names
    /// where it happened.</returns>
    public static QuadResult DblQuad(Func<Tensor, Tensor, Tensor> f, double a, double b, Func<double, double> gfun,
        Func<double, double> hfun, QuadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(gfun);
        ArgumentNullException.ThrowIfNull(hfun);
        var nested = new IteratedIntegral(c => f(c[0], c[1]), [_ => (a, b), o => (gfun(o[0]), hfun(o[0]))], options ?? new QuadOptions());
        return nested.Integrate();
    }

    /// <summary>The triple integral <c>∫_a^b ∫_{g(x)}^{h(x)} ∫_{q(x,y)}^{r(x,y)} f(z, y, x) dz dy dx</c>
    /// (scipy <c>tplquad</c>: innermost variable first), by nested adaptive quadrature.</summary>
    /// <param name="f">The integrand on equal-length 1-D tensors (z, y, x).</param>
    /// <param name="a">The outer lower limit.</param>
    /// <param name="b">The outer upper limit.</param>
    /// <param name="gfun">The lower limit of y as a function of x.</param>
    /// <param name="hfun">The upper limit of y as a function of x.</param>
    /// <param name="qfun">The lower limit of z as a function of (x, y).</param>
    /// <param name="rfun">The upper limit of z as a function of (x, y).</param>
    /// <param name="options">Tolerances and limit for every level.</param>
    /// <returns>As <see cref="DblQuad"/>.</returns>
    public static QuadResult TplQuad(Func<Tensor, Tensor, Tensor, Tensor> f, double a, double b, Func<double, double> gfun,
        Func<double, double> hfun, Func<double, double, double> qfun, Func<double, double, double> rfun, QuadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(gfun);
        ArgumentNullException.ThrowIfNull(hfun);
        ArgumentNullException.ThrowIfNull(qfun);
        ArgumentNullException.ThrowIfNull(rfun);
        var nested = new IteratedIntegral(c => f(c[0], c[1], c[2]),
            [_ => (a, b), o => (gfun(o[0]), hfun(o[0])), o => (qfun(o[0], o[1]), rfun(o[0], o[1]))], options ?? new QuadOptions());
        return nested.Integrate();
    }

    private static (AdaptiveOutcome Outcome, IntegrationRange Range, double Sign) Adaptive(Func<Tensor, Tensor> f, double a, double b, QuadOptions options)
    {
        using (Grad.NoGrad())
        {
            return QuadratureSetup.Run(QuadratureSetup.Panel(f, options.DType), a, b, options);
        }
    }
}
