using System.Diagnostics;
using Adjoint.Autodiff;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Optimize;

/// <summary>
/// The entry point: minimizes a scalar function of one tensor or of named tensors (scipy's <c>minimize</c>).
/// </summary>
/// <remarks>
/// <para>The options record selects the method (<see cref="Methods.BfgsOptions"/> runs BFGS, and so on); without
/// options the default is BFGS, or L-BFGS-B when bounds are given, as in scipy.</para>
/// <para>Invalid input throws at once: NaN or infinity in x0, wrong shapes or names
/// (<see cref="ArgumentException"/> naming the variable), lower &gt; upper (<see cref="ArgumentOutOfRangeException"/>), and
/// bounds given to a method that cannot honour them (<see cref="ArgumentException"/>). Methods that honour bounds
/// start from x0 clipped into the box. An objective that throws propagates as <see cref="ObjectiveException"/>
/// carrying the iteration. Algorithmic failures return a result with <c>Success = false</c>.</para>
/// </remarks>
/// <example><code>
/// var r = Minimizer.Minimize(x => (100 * (x[1..] - x[..^1].Square()).Square() + (1 - x[..^1]).Square()).Sum(),
///                            Tensor.FromArray([-1.2, 1.0]));
/// Console.WriteLine(r);   // BFGS: GradientTolerance (success=True) f=... nit=...
/// var b = Minimizer.Minimize(loss, new Variables { ["U"] = u0, ["V"] = v0 },
///                            bounds: new Bounds { ["U"] = (null, 0.0), ["V"] = (-1.0, null) });
/// </code></example>
public static class Minimizer
{
    /// <summary>Minimizes a function of one tensor from <paramref name="x0"/>.</summary>
    /// <param name="function">f, written with tensor operations; derivatives come from autodiff.</param>
    /// <param name="x0">The starting point, of any shape.</param>
    /// <param name="options">The method's options record (selects the method); null: BFGS, or L-BFGS-B with bounds.</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    public static MinimizeResult Minimize(Func<Tensor, Tensor> function, Tensor x0, MinimizeOptions? options = null,
        Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null) =>
        Minimize(Objective.Create(function), x0, options, bounds, control, constraints);

    /// <summary>Minimizes a function of one tensor from <paramref name="x0"/> with the method named by scipy's name
    /// (<c>"BFGS"</c>, <c>"L-BFGS-B"</c>, ..., case-insensitive) and its default options.</summary>
    /// <param name="function">f, written with tensor operations; derivatives come from autodiff.</param>
    /// <param name="x0">The starting point, of any shape.</param>
    /// <param name="method">The scipy method name (see <see cref="MethodRegistry.All"/>).</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    /// <exception cref="ArgumentException">Unknown method name.</exception>
    public static MinimizeResult Minimize(Func<Tensor, Tensor> function, Tensor x0, string method, Bounds? bounds = null,
        MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null) =>
        Minimize(Objective.Create(function), x0, method, bounds, control, constraints);

    /// <summary>Minimizes a function of a float64 vector from <paramref name="x0"/> (scipy's <c>x0</c> array).</summary>
    /// <param name="function">f of a one-dimensional tensor, written with tensor operations.</param>
    /// <param name="x0">The starting point.</param>
    /// <param name="options">The method's options record (selects the method); null: BFGS, or L-BFGS-B with bounds.</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    public static MinimizeResult Minimize(Func<Tensor, Tensor> function, double[] x0, MinimizeOptions? options = null,
        Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null) =>
        Minimize(Objective.Create(function), Vector(x0), options, bounds, control, constraints);

    /// <summary>Minimizes a function of a float64 vector from <paramref name="x0"/> with the method named by scipy's name.</summary>
    /// <param name="function">f of a one-dimensional tensor, written with tensor operations.</param>
    /// <param name="x0">The starting point.</param>
    /// <param name="method">The scipy method name (see <see cref="MethodRegistry.All"/>).</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    /// <exception cref="ArgumentException">Unknown method name.</exception>
    public static MinimizeResult Minimize(Func<Tensor, Tensor> function, double[] x0, string method, Bounds? bounds = null,
        MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null) =>
        Minimize(Objective.Create(function), Vector(x0), method, bounds, control, constraints);

    /// <summary>Minimizes a function of named tensors from <paramref name="x0"/>.</summary>
    /// <param name="function">f of the named variables, written with tensor operations.</param>
    /// <param name="x0">The starting point: names, shapes and dtypes of the variables.</param>
    /// <param name="options">The method's options record (selects the method); null: BFGS, or L-BFGS-B with bounds.</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    public static MinimizeResult Minimize(Func<Variables, Tensor> function, Variables x0, MinimizeOptions? options = null,
        Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null) =>
        Minimize(Objective.Create(function), x0, options, bounds, control, constraints);

    /// <summary>Minimizes a function of named tensors from <paramref name="x0"/> with the method named by scipy's name.</summary>
    /// <param name="function">f of the named variables, written with tensor operations.</param>
    /// <param name="x0">The starting point: names, shapes and dtypes of the variables.</param>
    /// <param name="method">The scipy method name (see <see cref="MethodRegistry.All"/>).</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    /// <exception cref="ArgumentException">Unknown method name.</exception>
    public static MinimizeResult Minimize(Func<Variables, Tensor> function, Variables x0, string method, Bounds? bounds = null,
        MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null) =>
        Minimize(Objective.Create(function), x0, method, bounds, control, constraints);

    /// <summary>Minimizes an objective of one tensor from <paramref name="x0"/>.</summary>
    /// <param name="objective">f with the source of its derivatives.</param>
    /// <param name="x0">The starting point, of any shape.</param>
    /// <param name="options">The method's options record (selects the method); null: BFGS, or L-BFGS-B with bounds.</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    public static MinimizeResult Minimize(Objective objective, Tensor x0, MinimizeOptions? options = null,
        Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(x0);
        return Minimize(objective, new Variables { ["x"] = x0 }, options, bounds, control, constraints);
    }

    /// <summary>Minimizes an objective by scipy method name ("BFGS", "L-BFGS-B", ...) with that method's default options.</summary>
    /// <param name="objective">f with the source of its derivatives.</param>
    /// <param name="x0">The starting point, of any shape.</param>
    /// <param name="method">The scipy method name (see <see cref="MethodRegistry.All"/>).</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    /// <exception cref="ArgumentException">Unknown method name.</exception>
    public static MinimizeResult Minimize(Objective objective, Tensor x0, string method, Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null) =>
        Minimize(objective, x0, MethodRegistry.Find(method).DefaultOptions(), bounds, control, constraints);

    /// <summary>Minimizes an objective of a float64 vector from <paramref name="x0"/> (scipy's <c>x0</c> array).</summary>
    /// <param name="objective">f with the source of its derivatives.</param>
    /// <param name="x0">The starting point.</param>
    /// <param name="options">The method's options record (selects the method); null: BFGS, or L-BFGS-B with bounds.</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    public static MinimizeResult Minimize(Objective objective, double[] x0, MinimizeOptions? options = null,
        Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null) =>
        Minimize(objective, Vector(x0), options, bounds, control, constraints);

    /// <summary>Minimizes an objective of a float64 vector from <paramref name="x0"/> with the method named by scipy's name.</summary>
    /// <param name="objective">f with the source of its derivatives.</param>
    /// <param name="x0">The starting point.</param>
    /// <param name="method">The scipy method name (see <see cref="MethodRegistry.All"/>).</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    /// <exception cref="ArgumentException">Unknown method name.</exception>
    public static MinimizeResult Minimize(Objective objective, double[] x0, string method, Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null) =>
        Minimize(objective, Vector(x0), method, bounds, control, constraints);

    /// <summary>Minimizes an objective of named tensors by scipy method name with that method's default options.</summary>
    /// <param name="objective">f with the source of its derivatives.</param>
    /// <param name="x0">The starting point: names, shapes and dtypes of the variables.</param>
    /// <param name="method">The scipy method name (see <see cref="MethodRegistry.All"/>).</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    /// <exception cref="ArgumentException">Unknown method name.</exception>
    public static MinimizeResult Minimize(Objective objective, Variables x0, string method, Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null) =>
        Minimize(objective, x0, MethodRegistry.Find(method).DefaultOptions(), bounds, control, constraints);

    /// <summary>Minimizes an objective of named tensors from <paramref name="x0"/>.</summary>
    /// <param name="objective">f with the source of its derivatives.</param>
    /// <param name="x0">The starting point: names, shapes and dtypes of the variables.</param>
    /// <param name="options">The method's options record (selects the method); null: BFGS, or L-BFGS-B with bounds.</param>
    /// <param name="bounds">Box bounds, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    /// <exception cref="ArgumentException">Bad x0, bad bounds, or bounds for a method that cannot honour them.</exception>
    /// <exception cref="ObjectiveException">The objective threw.</exception>
    public static MinimizeResult Minimize(Objective objective, Variables x0, MinimizeOptions? options = null,
        Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(x0);
        if (x0.Count == 0)
        {
            throw new ArgumentException("x0 has no variables.", nameof(x0));
        }

        if (objective.TensorFunction is not null && x0.Count != 1)
        {
            throw new ArgumentException($"The objective takes one tensor but x0 has {x0.Count} variables ({x0.Describe()}).", nameof(x0));
        }

        options ??= MethodRegistry.Find(constraints is { Count: > 0 } ? "SLSQP" : bounds is null ? "BFGS" : "L-BFGS-B").DefaultOptions();
        var method = MethodRegistry.Create(options);
        return Run(method, objective, x0, bounds, control ?? MinimizeControl.Default, constraints);
    }

    /// <summary>Runs a method instance directly: a built-in method or one deriving <see cref="IterativeMethod{TOptions, TState}"/>.</summary>
    /// <param name="method">The method, with its options.</param>
    /// <param name="objective">f with the source of its derivatives.</param>
    /// <param name="x0">The starting point: names, shapes and dtypes of the variables.</param>
    /// <param name="bounds">Box bounds (only for methods whose capabilities support them), or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    public static MinimizeResult Minimize(IMinimizationMethod method, Objective objective, Variables x0, Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(x0);
        return Run(method, objective, x0, bounds, control ?? MinimizeControl.Default, constraints);
    }

    /// <summary>Runs a method instance directly on an objective of one tensor.</summary>
    /// <param name="method">The method, with its options.</param>
    /// <param name="objective">f with the source of its derivatives.</param>
    /// <param name="x0">The starting point, of any shape.</param>
    /// <param name="bounds">Box bounds (only for methods whose capabilities support them), or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    public static MinimizeResult Minimize(IMinimizationMethod method, Objective objective, Tensor x0, Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(x0);
        return Minimize(method, objective, new Variables { ["x"] = x0 }, bounds, control, constraints);
    }

    /// <summary>Runs a method instance directly on a function of one tensor.</summary>
    /// <param name="method">The method, with its options.</param>
    /// <param name="function">f, written with tensor operations; derivatives come from autodiff.</param>
    /// <param name="x0">The starting point, of any shape.</param>
    /// <param name="bounds">Box bounds (only for methods whose capabilities support them), or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    /// <param name="constraints">Equality and inequality constraints (<see cref="Constraint"/>), or null; with constraints and no options the method is SLSQP.</param>
    public static MinimizeResult Minimize(IMinimizationMethod method, Func<Tensor, Tensor> function, Tensor x0, Bounds? bounds = null, MinimizeControl? control = null, IReadOnlyList<Constraint>? constraints = null) =>
        Minimize(method, Objective.Create(function), x0, bounds, control, constraints);

    private static Tensor Vector(double[] x0)
    {
        ArgumentNullException.ThrowIfNull(x0);
        return Tensor.FromArray(x0);
    }

    private static MinimizeResult Run(IMinimizationMethod method, Objective objective, Variables x0, Bounds? bounds, MinimizeControl control,
        IReadOnlyList<Constraint>? constraints)
    {
        if (constraints is { Count: > 0 } && !method.Capabilities.SupportsEquality && !method.Capabilities.SupportsInequality)
        {
            var able = MethodRegistry.All.Where(d => d.Capabilities.SupportsEquality || d.Capabilities.SupportsInequality).Select(d => d.Name).ToArray();
            throw new ArgumentException($"Method {method.Name} cannot honour constraints; use {(able.Length == 0 ? "a constrained method" : string.Join(", ", able))}.", nameof(constraints));
        }

        if (constraints is { Count: > 0 })
        {
            foreach (var c in constraints)
            {
                ArgumentNullException.ThrowIfNull(c, nameof(constraints));
                bool equality = c.Lower.Count == 1 && c.Upper.Count == 1 ? c.Lower[0] == c.Upper[0]
                    : Enumerable.Range(0, Math.Max(c.Lower.Count, c.Upper.Count)).Any(i => c.Lower[c.Lower.Count == 1 ? 0 : i] == c.Upper[c.Upper.Count == 1 ? 0 : i]);
                if (equality && !method.Capabilities.SupportsEquality)
                {
                    var able = MethodRegistry.All.Where(d => d.Capabilities.SupportsEquality).Select(d => d.Name);
                    throw new ArgumentException($"Method {method.Name} cannot honour the equality constraint '{c.Name ?? "unnamed"}'; use {string.Join(", ", able)}.", nameof(constraints));
                }
            }
        }

        foreach (var (name, t) in x0)
        {
            if (t.IsDisposed)
            {
                throw new ArgumentException($"x0 variable '{name}' has been disposed.", nameof(x0));
            }

            int bad = t.DType == DType.Float64 ? FirstNonFinite(t.Span<double>()) : FirstNonFinite(t.Span<float>());
            if (bad >= 0)
            {
                double value = t.DType == DType.Float64 ? t.Span<double>()[bad] : t.Span<float>()[bad];
                throw new ArgumentException($"x0 variable '{name}' element {bad} is {value}; x0 must be finite.", nameof(x0));
            }
        }

        var options = method.Options;
        var dtype = options.Precision ?? x0.Values.First().DType;
        var layout = new Variables();
        foreach (var (name, t) in x0)
        {
            layout[name] = t.DType == dtype ? t : t.To(dtype);
        }

        var x = x0.Flatten();
        double[]? lower = null, upper = null;
        if (bounds is not null)
        {
            var (l, u) = bounds.Resolve(x0);
            bool any = false;
            for (int i = 0; i < l.Length; i++)
            {
                any |= double.IsFinite(l[i]) || double.IsFinite(u[i]);
            }

            if (any)
            {
                if (!method.Capabilities.SupportsBounds)
                {
                    throw new ArgumentException($"Method {method.Name} cannot honour bounds; use L-BFGS-B or Nelder-Mead (or another method that supports bounds).", nameof(bounds));
                }

                lower = l;
                upper = u;
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = Math.Clamp(x[i], l[i], u[i]);
                }
            }
        }

        var settings = options.Resolve(x.Length, dtype);
        var problem = new MinimizationProblem(objective, layout, x, lower, upper, dtype, settings, Stopwatch.StartNew(), control.CancellationToken,
            constraints is { Count: > 0 } ? constraints : null);
        var result = method.Minimize(problem, control);
        // Report the solution in x0's own dtypes.
        return result with { Variables = x0.Unflatten(result.X) };
    }

    private static int FirstNonFinite<T>(ReadOnlySpan<T> values)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
