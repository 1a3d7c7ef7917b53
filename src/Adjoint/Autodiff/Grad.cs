using Adjoint.Tensors;

namespace Adjoint.Autodiff;

/// <summary>
/// Functional reverse-mode differentiation: gradients, vector-Jacobian and Jacobian-vector products,
/// Hessian-vector products, Hessians and Jacobians of functions written with <see cref="Tensor"/> operations.
/// </summary>
/// <remarks>
/// <para>Each call records the function on this thread's tape, runs the backward pass and returns plain
/// (untracked) tensors. Intermediates live in a <see cref="TensorScope"/> that ends with the call, so repeated
/// calls reuse memory; tensors the function creates must not be kept beyond it.</para>
/// <para>Called while an outer differentiation is recording (for example inside a function passed to
/// <see cref="Hessian"/>), the results stay connected to the outer recording, so derivatives compose to any order.</para>
/// <para>Second derivatives come from differentiating the recorded backward pass (reverse-over-reverse): every
/// operation's derivative rule is itself written with differentiable operations.</para>
/// </remarks>
/// <example><code>
/// Tensor Rosen(Tensor x) => (100 * (x[1..] - x[..^1].Square()).Square() + (1 - x[..^1]).Square()).Sum();
/// var x = Tensor.FromArray([-1.2, 1.0]);
/// var (f, g) = Grad.ValueAndGrad(Rosen, x);   // f = 24.2, g = [-215.6, -88]
/// var h = Grad.Hessian(Rosen, x);             // 2 x 2
/// </code></example>
public static class Grad
{
    /// <summary>Suspends recording until the returned scope is disposed.</summary>
    public static NoGradScope NoGrad() => new(Tape.Current);

    /// <summary>Whether an outer differentiation is recording on this thread.</summary>
    private static bool Nested => Tape.Recording is not null;

    /// <summary>The gradient of a scalar-valued <paramref name="f"/> at <paramref name="x"/>.</summary>
    public static Tensor Gradient(Func<Tensor, Tensor> f, Tensor x) => ValueAndGrad(f, x).Gradient;

    /// <summary>The function x -> gradient of <paramref name="f"/> at x, differentiable again.</summary>
    public static Func<Tensor, Tensor> Gradient(Func<Tensor, Tensor> f) => x => ValueAndGrad(f, x).Gradient;

    /// <summary>The value and gradient of a scalar-valued <paramref name="f"/> at <paramref name="x"/>.</summary>
    /// <exception cref="InvalidOperationException">f returned more than one element.</exception>
    public static (Tensor Value, Tensor Gradient) ValueAndGrad(Func<Tensor, Tensor> f, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var (v, g) = Run(xs => f(xs[0]), [x], seed: null);
        return (v, g[0]);
    }

    /// <summary>The value and the gradients with respect to each argument of a scalar-valued function of several tensors.</summary>
    public static (Tensor Value, Tensor[] Gradients) ValueAndGrad(Func<Tensor[], Tensor> f, params Tensor[] xs)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(xs);
        return Run(f, xs, seed: null);
    }

    /// <summary>The value and the gradient, by name, of a scalar-valued function of named tensors.</summary>
    public static (Tensor Value, Variables Gradients) ValueAndGrad(Func<Variables, Tensor> f, Variables variables)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(variables);
        var names = variables.Names;
        var (v, gs) = Run(xs => f(Variables.FromPairs(names, xs)), variables.Values.ToArray(), seed: null);
        return (v, Variables.FromPairs(names, gs));
    }

    /// <summary>
    /// Writes the gradient of a scalar-valued <paramref name="f"/> at <paramref name="x"/> into
    /// <paramref name="gradient"/> (as float64) and returns the value: the allocation-free path solvers use.
    /// </summary>
    public static double ValueAndGrad(Func<Tensor, Tensor> f, Tensor x, Span<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        if (gradient.Length != x.Size)
        {
            throw new ArgumentException($"ValueAndGrad: the gradient buffer has {gradient.Length} elements, x has {x.Size}.", nameof(gradient));
        }

        using var scope = TensorScope.Begin();
        var tape = Tape.Enter();
        try
        {
            var xw = tape.Watch(x);
            var y = f(xw);
            CheckScalar(y, "ValueAndGrad");
            Span<Tensor> sources = [xw];
            var g = tape.Gradient(y, sources, null, createGraph: false)[0];
            g.CopyTo(gradient);
            return y.Item();
        }
        finally
        {
            tape.Exit();
        }
    }

    /// <summary>The vector-Jacobian product <c>v^T J</c> of <paramref name="f"/> at x, for <paramref name="v"/> shaped like f(x).</summary>
    public static Tensor Vjp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(v);
        return Run(xs => f(xs[0]), [x], seed: v).Gradients[0];
    }

    /// <summary>
    /// The Jacobian-vector product <c>J v</c> of <paramref name="f"/> at x, for <paramref name="v"/> shaped like x,
    /// by two reverse passes (the VJP is linear in its seed, so differentiating it with respect to the seed gives J v).
    /// </summary>
    public static Tensor Jvp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(v);
        CheckLike(v, x, "Jvp");
        return Recorded(x, (tape, xw, nested) =>
        {
            var y = f(xw);
            var u = tape.Watch(Tensor.ZerosLike(y));
            var w = tape.Gradient(y, [xw], u, createGraph: true)[0];
            return tape.Gradient(w, [u], v, createGraph: nested)[0];
        });
    }

    /// <summary>
    /// The Hessian-vector product <c>H v</c> of a scalar-valued <paramref name="f"/> at x, by reverse-over-reverse
    /// differentiation (the cost of about two gradients; the Hessian is never formed).
    /// </summary>
    public static Tensor Hvp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(v);
        CheckLike(v, x, "Hvp");
        return Recorded(x, (tape, xw, nested) =>
        {
            var y = f(xw);
            CheckScalar(y, "Hvp");
            var g = tape.Gradient(y, [xw], null, createGraph: true)[0];
            return tape.Gradient(g, [xw], v, createGraph: nested)[0];
        });
    }

    /// <summary>
    /// The Hessian of a scalar-valued <paramref name="f"/> at x, shaped x.Shape + x.Shape (n x n for a vector):
    /// one gradient with a recorded backward pass, then one reverse pass per element of x.
    /// </summary>
    public static Tensor Hessian(Func<Tensor, Tensor> f, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        return JacobianCore(xw => f(xw), x, outputIsGradientOf: true, "Hessian");
    }

    /// <summary>The Jacobian of <paramref name="f"/> at x, shaped f(x).Shape + x.Shape: one reverse pass per output element.</summary>
    public static Tensor Jacobian(Func<Tensor, Tensor> f, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        return JacobianCore(f, x, outputIsGradientOf: false, "Jacobian");
    }

    private static Tensor JacobianCore(Func<Tensor, Tensor> f, Tensor x, bool outputIsGradientOf, string op) =>
        Recorded(x, (tape, xw, nested) =>
        {
            var y = f(xw);
            if (outputIsGradientOf)
            {
                CheckScalar(y, op);
                y = tape.Gradient(y, [xw], null, createGraph: true)[0];
            }

            int m = y.Size, n = x.Size;
            var dims = new int[y.Rank + x.Rank];
            y.Shape.Dims.CopyTo(dims, 0);
            x.Shape.Dims.CopyTo(dims, y.Rank);
            var shape = new Shape(dims);
            var rows = new Tensor[m];
            var seedValues = new double[m];
            for (int i = 0; i < m; i++)
            {
                seedValues[i] = 1;
                var seed = Tensor.FromArray(seedValues, y.Shape, y.DType);
                seedValues[i] = 0;
                rows[i] = tape.Gradient(y, [xw], seed, createGraph: nested)[0];
            }

            if (nested)
            {
                return m == 0 ? Tensor.Zeros(shape, x.DType) : Tensor.Stack(rows).Reshape(shape);
            }

            var data = new double[m * n];
            for (int i = 0; i < m; i++)
            {
                rows[i].CopyTo(data.AsSpan(i * n, n));
            }

            return Tensor.FromArray(data, shape, x.DType);
        });

    /// <summary>
    /// Runs <paramref name="body"/> on this thread's tape with a watched alias of <paramref name="x"/>, in a scope of
    /// its own unless an outer differentiation is recording (then the result stays connected to it); the result is
    /// kept beyond the scope.
    /// </summary>
    private static Tensor Recorded(Tensor x, Func<Tape, Tensor, bool, Tensor> body)
    {
        bool nested = Nested;
        var scope = nested ? null : TensorScope.Begin();
        var tape = Tape.Enter();
        try
        {
            var result = body(tape, tape.Watch(x), nested);
            return scope is null ? result : scope.Keep(result);
        }
        finally
        {
            tape.Exit();
            scope?.Dispose();
        }
    }

    /// <summary>Records f at the sources, runs one backward pass, returns value and gradients outside the scope.</summary>
    private static (Tensor Value, Tensor[] Gradients) Run(Func<Tensor[], Tensor> f, Tensor[] xs, Tensor? seed)
    {
        bool nested = Nested;
        var scope = nested ? null : TensorScope.Begin();
        var tape = Tape.Enter();
        try
        {
            var watched = new Tensor[xs.Length];
            for (int i = 0; i < xs.Length; i++)
            {
                ArgumentNullException.ThrowIfNull(xs[i]);
                watched[i] = tape.Watch(xs[i]);
            }

            var y = f(watched) ?? throw new InvalidOperationException("The function returned null.");
            if (seed is null)
            {
                CheckScalar(y, "Gradient");
            }

            var gs = tape.Gradient(y, watched, seed, createGraph: nested);
            if (scope is null)
            {
                return (y, gs);
            }

            var value = scope.Keep(y);
            for (int i = 0; i < gs.Length; i++)
            {
                gs[i] = scope.Keep(gs[i]);
            }

            return (value, gs);
        }
        finally
        {
            tape.Exit();
            scope?.Dispose();
        }
    }

    private static void CheckScalar(Tensor y, string op)
    {
        if (y.Size != 1)
        {
            throw new InvalidOperationException(
                $"{op}: the function returned shape {y.Shape}; a gradient needs a one-element output (use Vjp or Jacobian for vector outputs).");
        }
    }

    private static void CheckLike(Tensor v, Tensor x, string op)
    {
        if (v.Shape != x.Shape || v.DType != x.DType)
        {
            throw new ArgumentException($"{op}: the direction has shape {v.Shape} ({v.DType}); x has {x.Shape} ({x.DType}).", nameof(v));
        }
    }
}
