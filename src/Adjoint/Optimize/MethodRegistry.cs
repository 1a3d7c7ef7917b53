using Adjoint.Optimize.Methods;
using Adjoint.Optimize.Methods.Cobyla;
using Adjoint.Optimize.Methods.LBfgsB;
using Adjoint.Optimize.Methods.Slsqp;
using Adjoint.Optimize.Methods.Tnc;
using Adjoint.Optimize.Methods.TrustConstr;

namespace Adjoint.Optimize;

/// <summary>Every available method, one line each; the facade, the conformance tests and listings read it.</summary>
public static class MethodRegistry
{
    private static readonly MethodDescriptor[] s_methods =
    [
        Describe<NelderMeadOptions>("Nelder-Mead", o => new NelderMead(o), "Downhill simplex (derivative-free); scipy's adaptive variant optional."),
        Describe<PowellOptions>("Powell", o => new Powell(o), "Modified Powell conjugate directions with Brent line searches (derivative-free, bounds)."),
        Describe<ConjugateGradientOptions>("CG", o => new ConjugateGradient(o), "Nonlinear conjugate gradient, Polak-Ribière+ with a strong Wolfe line search."),
        Describe<BfgsOptions>("BFGS", o => new Bfgs(o), "Quasi-Newton with a dense inverse-Hessian approximation, O(n²) per iteration."),
        Describe<NewtonCgOptions>("Newton-CG", o => new NewtonCg(o), "Truncated Newton: conjugate gradient on exact Hessian-vector products."),
        Describe<LBfgsBOptions>("L-BFGS-B", o => new LBfgsB(o), "Limited-memory BFGS with bounds (Byrd, Lu, Nocedal, Zhu)."),
        Describe<TncOptions>("TNC", o => new Tnc(o), "Truncated Newton with bounds (Nash), preconditioned CG on exact Hessian-vector products."),
        Describe<CobylaOptions>("COBYLA", o => new Cobyla(o), "Constrained optimization by linear approximations (Powell), derivative-free, with constraints and bounds."),
        Describe<DoglegOptions>("dogleg", o => new Dogleg(o), "Dogleg trust region on the exact dense Hessian (positive definite)."),
        Describe<TrustNcgOptions>("trust-ncg", o => new TrustNcg(o), "Trust region with Steihaug's truncated CG on Hessian-vector products."),
        Describe<TrustExactOptions>("trust-exact", o => new TrustExact(o), "Nearly exact trust region (Moré-Sorensen) on the dense Hessian."),
        Describe<TrustConstrOptions>("trust-constr", o => new TrustConstr(o), "Trust-region SQP with a barrier interior point loop for equality, inequality and bound constraints (Byrd, Hribar, Nocedal)."),
        Describe<TrustKrylovOptions>("trust-krylov", o => new TrustKrylov(o), "Generalized Lanczos trust region (GLTR) on Hessian-vector products."),
        Describe<GradientDescentOptions>("GradientDescent", o => new GradientDescent(o), "Fixed-step gradient descent with (Nesterov) momentum."),
        Describe<RmsPropOptions>("RMSProp", o => new RmsProp(o), "RMSProp: steps scaled by a running RMS of the gradient."),
        Describe<AdamOptions>("Adam", o => new Adam(o), "Adam: bias-corrected first and second gradient moments."),
        Describe<SlsqpOptions>("SLSQP", o => new Slsqp(o), "Sequential least-squares quadratic programming (Kraft): bounds, equality and inequality constraints."),
    ];

    /// <summary>All registered methods.</summary>
    public static IReadOnlyList<MethodDescriptor> All => s_methods;

    /// <summary>The method with the given scipy name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such method.</exception>
    public static MethodDescriptor Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var d in s_methods)
        {
            if (string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return d;
            }
        }

        throw new ArgumentException($"Unknown method '{name}'. Known: {string.Join(", ", s_methods.Select(m => m.Name))}.", nameof(name));
    }

    /// <summary>The method selected by an options record.</summary>
    public static IMinimizationMethod Create(MinimizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Find(options.MethodName).Create(options);
    }

    private static MethodDescriptor Describe<TOptions>(string name, Func<TOptions, IMinimizationMethod> create, string summary)
        where TOptions : MinimizeOptions, new()
    {
        var method = create(new TOptions());
        return new MethodDescriptor(name, typeof(TOptions), method.Capabilities, summary, () => new TOptions(),
            o => create(o as TOptions ?? throw new ArgumentException($"Method {name} takes {typeof(TOptions).Name}, not {o.GetType().Name}.", nameof(o))));
    }
}
