using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Autodiff;

/// <summary>The outcome of a <see cref="GradCheck"/> comparison.</summary>
/// <param name="Passed">Whether every compared entry met <c>|auto - numeric| &lt;= atol + rtol |numeric|</c>.</param>
/// <param name="Order">1 for gradients, 2 for Hessian-vector products.</param>
/// <param name="MaxAbsoluteError">The largest |autodiff - finite difference| over the compared entries.</param>
/// <param name="MaxRelativeError">The largest |autodiff - finite difference| / max(|finite difference|, atol).</param>
/// <param name="Compared">How many numbers were compared.</param>
/// <param name="Message">A sentence for people, naming the worst entry.</param>
public sealed record GradCheckResult(bool Passed, int Order, double MaxAbsoluteError, double MaxRelativeError, int Compared, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}

/// <summary>
/// Compares automatic derivatives with central finite differences, in float64: gradients (order 1) and
/// Hessian-vector products (order 2, against differences of gradients along random directions).
/// </summary>
/// <remarks>
/// A function with a non-scalar output is checked through a random projection <c>sum(w * f(x))</c>, which
/// exercises every output. The step for coordinate i is <c>step * max(1, |x_i|)</c>; the default step
/// <c>eps^(1/3)</c> (about 6e-6) balances truncation and rounding error for central differences.
/// <para>References: Nocedal &amp; Wright (2006), section 8.1 (finite-difference derivative approximations).</para>
/// </remarks>
public static class GradCheck
{
    /// <summary>Checks the derivatives of <paramref name="f"/> at <paramref name="x"/>.</summary>
    /// <param name="f">The function, written with tensor operations.</param>
    /// <param name="x">The point (converted to float64 for the check).</param>
    /// <param name="order">1: gradient; 2: gradient and Hessian-vector products.</param>
    /// <param name="step">Relative finite-difference step; default eps^(1/3).</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="directions">How many random directions the order-2 check uses.</param>
    /// <param name="seed">Seed of the random projection and directions.</param>
    public static GradCheckResult Check(Func<Tensor, Tensor> f, Tensor x, int order = 1, double? step = null,
        double rtol = 1e-6, double atol = 1e-8, int directions = 3, int seed = 12345)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, 2);
        double h = step ?? Math.Cbrt(double.BitIncrement(1.0) - 1.0);
        var x64 = x.To(DType.Float64);
        Tensor probe;
        using (Grad.NoGrad())
        {
            probe = f(x64);
        }

        Func<Tensor, Tensor> phi = f;
        if (probe.Size != 1)
        {
            var w = Tensor.RandomNormal(probe.Shape, seed, dtype: probe.DType);
            phi = z => (f(z) * w).Sum();
        }

        var x0 = x64.ToArray();
        int n = x0.Length;
        var tally = new Tally(rtol, atol);

        // Order 1: each gradient entry against a central difference of the value.
        var auto = Grad.Gradient(phi, x64).ToArray();
        for (int i = 0; i < n; i++)
        {
            double hi = h * Math.Max(1, Math.Abs(x0[i]));
            double fp = Eval(phi, x0, x64.Shape, i, hi);
            double fm = Eval(phi, x0, x64.Shape, i, -hi);
            tally.Add(auto[i], (fp - fm) / (2 * hi), $"d/dx[{i}]");
        }

        if (order == 2)
        {
            var rng = new Random(seed + 1);
            for (int d = 0; d < directions; d++)
            {
                var v = new double[n];
                for (int i = 0; i < n; i++)
                {
                    v[i] = (2 * rng.NextDouble()) - 1;
                }

                double scale = 1;
                foreach (double xi in x0)
                {
                    scale = Math.Max(scale, Math.Abs(xi));
                }

                double hv = h * scale;
                var vt = Tensor.FromArray(v, x64.Shape, DType.Float64);
                var hvAuto = Grad.Hvp(phi, x64, vt).ToArray();
                var gp = Grad.Gradient(phi, Shifted(x0, v, hv, x64.Shape)).ToArray();
                var gm = Grad.Gradient(phi, Shifted(x0, v, -hv, x64.Shape)).ToArray();
                for (int i = 0; i < n; i++)
                {
                    tally.Add(hvAuto[i], (gp[i] - gm[i]) / (2 * hv), $"(Hv)[{i}] along direction {d}");
                }
            }
        }

        return tally.Result(order);
    }

    private static double Eval(Func<Tensor, Tensor> phi, double[] x0, Shape shape, int i, double delta)
    {
        var x = (double[])x0.Clone();
        x[i] += delta;
        using (Grad.NoGrad())
        {
            return phi(Tensor.FromArray(x, shape)).Item();
        }
    }

    private static Tensor Shifted(double[] x0, double[] v, double t, Shape shape)
    {
        var x = new double[x0.Length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = x0[i] + (t * v[i]);
        }

        return Tensor.FromArray(x, shape);
    }

    private sealed class Tally(double rtol, double atol)
    {
        private double _maxAbs;
        private double _maxRel;
        private int _count;
        private bool _passed = true;
        private string _worst = "";

        public void Add(double auto, double numeric, string where)
        {
            _count++;
            double err = Math.Abs(auto - numeric);
            double rel = err / Math.Max(Math.Abs(numeric), atol);
            bool ok = err <= atol + (rtol * Math.Abs(numeric));
            if (double.IsNaN(auto) != double.IsNaN(numeric) || (!double.IsNaN(auto) && !ok))
            {
                _passed = false;
            }

            if (rel > _maxRel || double.IsNaN(rel))
            {
                _maxRel = double.IsNaN(rel) ? double.PositiveInfinity : rel;
                _maxAbs = Math.Max(_maxAbs, err);
                _worst = string.Create(CultureInfo.InvariantCulture, $"{where}: autodiff {auto:G10}, finite difference {numeric:G10}");
            }

            _maxAbs = Math.Max(_maxAbs, double.IsNaN(err) ? 0 : err);
        }

        public GradCheckResult Result(int order)
        {
            string verdict = _passed ? "passed" : "FAILED";
            string msg = string.Create(CultureInfo.InvariantCulture,
                $"GradCheck order {order} {verdict}: {_count} entries, max abs error {_maxAbs:G3}, max rel error {_maxRel:G3} (rtol {rtol:G2}, atol {atol:G2}); worst {_worst}");
            return new GradCheckResult(_passed, order, _maxAbs, _maxRel, _count, msg);
        }
    }
}
