using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.TestProblems;

/// <summary>
/// Problems of the Hock-Schittkowski collection with bounds, equality and inequality constraints, written once with
/// tensor operations, with the book's starting points and checked minima.
/// </summary>
/// <remarks>
/// <para>References: W. Hock, K. Schittkowski, "Test Examples for Nonlinear Programming Codes", Lecture Notes in
/// Economics and Mathematical Systems 187, Springer, 1981 (HS). Second sources, compared for every problem: the
/// AMPL/APMonitor transcription shipped with CasADi's tests (test/python/hock_schittkowski, "CasADi" below), the
/// OptimizationProblems.jl models (ADNLPProblems/hsNN.jl, "JSO"), and for HS1-50 the OPTI toolbox's nlp_HS.m ("OPTI").</para>
/// <para>Every f* was checked by bench/peers/hs_verify.py: SLSQP (ftol 1e-15) then trust-constr (gtol 1e-12) polishing
/// the published x*, SLSQP from x0 and 12 seeded random starts, and an augmented Lagrangian with L-BFGS-B inner solves
/// (an independent route). x* below is the published point, or where that is printed to fewer digits, the polished
/// point (agreeing with the printed digits), so that f(x*) = f* to 1e-9 and x* is feasible to 1e-9. Constraints are
/// written as in the book: g(x) &gt;= 0, h(x) = 0; linear ones as <see cref="LinearConstraint"/>.</para>
/// <para>The Python twin, bench/peers/hs_problems.py, lists the same problems in the same order with the same names;
/// HockSchittkowskiCatalogTests compares f and every constraint row at x0 and x* with the values it recorded.</para>
/// </remarks>
public static class HockSchittkowski
{
    private const double Inf = double.PositiveInfinity;
    private static readonly double Sqrt2 = Math.Sqrt(2), Sqrt3 = Math.Sqrt(3), Sqrt7 = Math.Sqrt(7);

    private static readonly double[] A57 =
    [
        8, 8, 10, 10, 10, 10, 12, 12, 12, 12, 14, 14, 14, 16, 16, 16, 18, 18, 20, 20, 20, 22, 22, 22, 24, 24, 24, 26, 26, 26,
        28, 28, 30, 30, 30, 32, 32, 34, 36, 36, 38, 38, 40, 42,
    ];

    private static readonly double[] B57 =
    [
        0.49, 0.49, 0.48, 0.47, 0.48, 0.47, 0.46, 0.46, 0.45, 0.43, 0.45, 0.43, 0.43, 0.44, 0.43, 0.43, 0.46, 0.45, 0.42,
        0.42, 0.43, 0.41, 0.41, 0.40, 0.42, 0.40, 0.40, 0.41, 0.40, 0.41, 0.41, 0.40, 0.40, 0.40, 0.38, 0.41, 0.40, 0.40,
        0.41, 0.38, 0.40, 0.40, 0.39, 0.39,
    ];

    /// <summary>Every problem, in HS order.</summary>
    public static IReadOnlyList<ConstrainedTestProblem> All { get; } = Build();

    /// <summary>A problem by name (e.g. "HS071").</summary>
    public static ConstrainedTestProblem Get(string name) => All.First(p => p.Name == name);

    private static Tensor V(params Tensor[] rows) => Tensor.Stack(rows);

    private static Tensor C(Tensor like, double[] values) => Tensor.FromArray(values, new Shape([values.Length]), like.DType);

    private static Tensor Rosenbrock(Tensor x) => 100 * (x[1] - x[0].Square()).Square() + (1 - x[0]).Square();

    private static NonlinearConstraint Eq(string name, Func<Tensor, Tensor> h) => Constraint.Equality(x => h(x).Reshape(1), name);

    private static NonlinearConstraint Ineq(string name, Func<Tensor, Tensor> g) => Constraint.Inequality(x => g(x).Reshape(1), name);

    private static LinearConstraint Lin(string name, double[,] a, double[] lower, double[] upper) => new(a, lower, upper) { Name = name };

    private static double[] Fill(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    private static ConstrainedTestProblem P(string name, Func<Tensor, Tensor> f, double[] x0, double fstar, double[]? xstar,
        double[]? lower = null, double[]? upper = null, Constraint[]? constraints = null, double[]? others = null, string[]? notes = null)
    {
        constraints ??= [];
        bool bounds = lower is not null;
        bool equality = false, inequality = false;
        foreach (var c in constraints)
        {
            int m = Math.Max(c.Lower.Count, c.Upper.Count);
            for (int i = 0; i < m; i++)
            {
                if (c.Lower[c.Lower.Count == 1 ? 0 : i] == c.Upper[c.Upper.Count == 1 ? 0 : i])
                {
                    equality = true;
                }
                else
                {
                    inequality = true;
                }
            }
        }

        var tags = new List<string>();
        if (bounds)
        {
            tags.Add("Bounds");
        }

        if (equality)
        {
            tags.Add("Equality");
        }

        if (inequality)
        {
            tags.Add("Inequality");
        }

        if (bounds && constraints.Length == 0)
        {
            tags.Add("BoundsOnly");
        }

        if ((bounds ? 1 : 0) + (equality ? 1 : 0) + (inequality ? 1 : 0) >= 2)
        {
            tags.Add("Mixed");
        }

        if (constraints.Length > 0)
        {
            tags.Add(constraints.All(c => c is LinearConstraint) ? "Linear" : "Nonlinear");
        }

        tags.AddRange(notes ?? []);
        int number = int.Parse(name.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture);
        return new ConstrainedTestProblem(name, number, f, x0, lower, upper, constraints, fstar, xstar, others ?? [], [.. tags]);
    }

    private static List<ConstrainedTestProblem> Build()
    {
        double a8 = Math.Sqrt((25 + Math.Sqrt(301)) / 2);
        double[] u25 = Enumerable.Range(1, 99).Select(i => 25 + Math.Pow(-50 * Math.Log(0.01 * i), 2.0 / 3.0)).ToArray();
        double[] i25 = Enumerable.Range(1, 99).Select(i => (double)i).ToArray();
        Constraint[] h78 =
        [
            Eq("h1", x => x.Square().Sum() - 10),
            Eq("h2", x => x[1] * x[2] - 5 * x[3] * x[4]),
            Eq("h3", x => x[0].Pow(3) + x[1].Pow(3) + 1),
        ];
        double[] x78 = [-1.7171435703944, 1.5957096901836, 1.8272457529272, -0.7636430781841, -0.7636430781841];
        var (a118, l118, u118) = Hs118Rows();

        return
        [
            // f* = 0 at (1, 1) (HS; CasADi, OPTI agree; verified).
            P("HS001", Rosenbrock, [-2, 1], 0, [1, 1], lower: [double.NegativeInfinity, -1.5], upper: [Inf, Inf]),

            // The optimum printed in HS is a local one, f = 4.9412294 at (-1.22103, 1.5) (as CasADi lists it), where solvers
            // from x0 end. The global minimum is 0.0504261879 at (1.2243707487, 1.5) (CasADi, OPTI; verified by polishing and
            // by the augmented Lagrangian from x*).
            P("HS002", Rosenbrock, [-2, 1], 0.0504261879, [1.2243707487363527, 1.5], lower: [double.NegativeInfinity, 1.5],
                upper: [Inf, Inf], others: [4.9412293586]),

            // f* = 0 at (0, 0) (HS, CasADi, OPTI; verified).
            P("HS003", x => x[1] + 1e-5 * (x[1] - x[0]).Square(), [10, 1], 0, [0, 0], lower: [double.NegativeInfinity, 0],
                upper: [Inf, Inf]),

            // f* = 8/3 at (1, 0) (HS, CasADi, OPTI; verified).
            P("HS004", x => (x[0] + 1).Pow(3) / 3 + x[1], [1.125, 0.125], 8.0 / 3, [1, 0], lower: [1, 0], upper: [Inf, Inf]),

            // f* = -√3/2 - π/3 at (-π/3 + 1/2, -π/3 - 1/2) (HS, CasADi, OPTI; verified).
            P("HS005", x => Tensor.Sin(x[0] + x[1]) + (x[0] - x[1]).Square() - 1.5 * x[0] + 2.5 * x[1] + 1, [0, 0],
                (-Sqrt3 / 2) - (Math.PI / 3), [(-Math.PI / 3) + 0.5, (-Math.PI / 3) - 0.5], lower: [-1.5, -3], upper: [4, 3]),

            // f* = 0 at (1, 1) (HS, CasADi, OPTI; verified).
            P("HS006", x => (1 - x[0]).Square(), [-1.2, 1], 0, [1, 1], constraints: [Eq("h1", x => 10 * (x[1] - x[0].Square()))]),

            // f* = -√3 at (0, √3) (HS, CasADi, OPTI; verified).
            P("HS007", x => Tensor.Log(1 + x[0].Square()) - x[1], [2, 2], -Sqrt3, [0, Sqrt3],
                constraints: [Eq("h1", x => (1 + x[0].Square()).Square() + x[1].Square() - 4)]),

            // Constant objective: every feasible point is optimal, f* = -1 (HS, CasADi, OPTI); x* = (a, 9/a),
            // a = √((25 + √301)/2), one of four feasible points.
            P("HS008", x => x[0] * 0 - 1, [2, 1], -1, [a8, 9 / a8],
                constraints: [Eq("h1", x => x[0].Square() + x[1].Square() - 25), Eq("h2", x => x[0] * x[1] - 9)]),

            // f* = -0.5 at (12k - 3, 16k - 4) for integer k; x* for k = 0 (HS, CasADi, OPTI; verified).
            P("HS009", x => Tensor.Sin(Math.PI * x[0] / 12) * Tensor.Cos(Math.PI * x[1] / 16), [0, 0], -0.5, [-3, -4],
                constraints: [Lin("h1", new double[,] { { 4, -3 } }, [0], [0])]),

            // f* = -1 at (0, 1) (HS, CasADi, OPTI; verified).
            P("HS010", x => x[0] - x[1], [-10, 10], -1, [0, 1],
                constraints: [Ineq("g1", x => -3 * x[0].Square() + 2 * x[0] * x[1] - x[1].Square() + 1)]),

            // f* = -8.498464223 (HS, CasADi, OPTI; verified). The closed form printed for x*, ((a - 1/a)/√6, (a² - 2 + 1/a²)/6)
            // with a = 7.5√6 + √338.5, gives f = 50700 (a misprint, also flagged by CasADi and OPTI); x* here is the polished
            // (1.23477, 1.52466) that CasADi lists.
            P("HS011", x => (x[0] - 5).Square() + x[1].Square() - 25, [4.9, 0.1], -8.498464223, [1.2347728250773, 1.5246639295494],
                constraints: [Ineq("g1", x => -x[0].Square() + x[1])]),

            // f* = -30 at (2, 3) (HS, CasADi, OPTI; verified).
            P("HS012", x => 0.5 * x[0].Square() + x[1].Square() - x[0] * x[1] - 7 * x[0] - 7 * x[1], [0, 0], -30, [2, 3],
                constraints: [Ineq("g1", x => 25 - 4 * x[0].Square() - x[1].Square())]),

            // f* = 1 at (1, 0) (HS, CasADi). x* is a cusp of the feasible set where no constraint qualification holds: a
            // violation v buys a decrease of about 2 v^(1/3) in f (0.98 at v = 1e-6), so solvers stop near, not at, f*.
            // OPTI lists 0.994578532840774, an infeasible point.
            P("HS013", x => (x[0] - 2).Square() + x[1].Square(), [-2, -2], 1, [1, 0], lower: [0, 0], upper: [Inf, Inf],
                constraints: [Ineq("g1", x => (1 - x[0]).Pow(3) - x[1])], notes: ["Degenerate"]),

            // f* = 9 - 2.875√7 = 1.3934649806 at ((√7 - 1)/2, (√7 + 1)/4) (HS, CasADi, OPTI; verified).
            P("HS014", x => (x[0] - 2).Square() + (x[1] - 1).Square(), [2, 2], 9 - (2.875 * Sqrt7), [0.5 * (Sqrt7 - 1), 0.25 * (Sqrt7 + 1)],
                constraints: [Ineq("g1", x => 1 - 0.25 * x[0].Square() - x[1].Square()), Lin("h1", new double[,] { { 1, -2 } }, [-1], [-1])]),

            // f* = 306.5 at (0.5, 2) (HS, CasADi, OPTI; verified).
            // Other local minimum: f = 360.3797671763 at (-0.7921232205, -1.2624298520), g1 active with multiplier -477.2
            // (KKT residual 2.6e-9); trust-constr and COBYLA end there, SLSQP started from it stays, and 200 random feasible
            // points within 0.005 all lie higher.
            P("HS015", Rosenbrock, [-2, 1], 306.5, [0.5, 2], lower: [double.NegativeInfinity, double.NegativeInfinity], upper: [0.5, Inf],
                constraints: [Ineq("g1", x => x[0] * x[1] - 1), Ineq("g2", x => x[0] + x[1].Square())], others: [360.3797671763]),

            // f* = 0.25 at (0.5, 0.25) (HS, CasADi, JSO, OPTI; verified). x0 lies outside the bounds. SLSQP, trust-constr and
            // COBYLA from x0 all end at the KKT vertex (-0.5, √0.5) (x1 = -0.5 and g1 active, both multipliers positive),
            // f = 100 (√0.5 - 0.25)² + 2.25 = 23.1446609.
            P("HS016", Rosenbrock, [-2, 1], 0.25, [0.5, 0.25], lower: [-0.5, double.NegativeInfinity], upper: [0.5, 1],
                constraints: [Ineq("g1", x => x[0] + x[1].Square()), Ineq("g2", x => x[0].Square() + x[1])],
                others: [(100 * Math.Pow(Math.Sqrt(0.5) - 0.25, 2)) + 2.25]),

            // f* = 1 at (0, 0) (HS, CasADi, JSO, OPTI; verified). x0 lies outside the bounds.
            P("HS017", Rosenbrock, [-2, 1], 1, [0, 0], lower: [-0.5, double.NegativeInfinity], upper: [0.5, 1],
                constraints: [Ineq("g1", x => x[1].Square() - x[0]), Ineq("g2", x => x[0].Square() - x[1])]),

            // f* = 5 at (√250, √2.5) (HS, CasADi, OPTI; verified).
            P("HS018", x => 0.01 * x[0].Square() + x[1].Square(), [2, 2], 5, [Math.Sqrt(250), Math.Sqrt(2.5)], lower: [2, 0], upper: [50, 50],
                constraints: [Ineq("g1", x => x[0] * x[1] - 25), Ineq("g2", x => x[0].Square() + x[1].Square() - 25)]),

            // HS prints f* = 40.19873724, a misprint: at the solution (0.5, √3/2) (OPTI, CasADi) f = 81.5 - 25√3 =
            // 38.198729810 (OPTI's closed form; the corrected 38.19873724 sometimes quoted is itself off by 2e-7 relative).
            // 40.198729810 is f at the other KKT point (-0.5, √3/2), listed by CasADi, where solvers from x0 end.
            P("HS020", Rosenbrock, [-2, 1], 81.5 - (25 * Sqrt3), [0.5, Sqrt3 / 2], lower: [-0.5, double.NegativeInfinity], upper: [0.5, Inf],
                constraints:
                [
                    Ineq("g1", x => x[0] + x[1].Square()), Ineq("g2", x => x[0].Square() + x[1]),
                    Ineq("g3", x => x[0].Square() + x[1].Square() - 1),
                ],
                others: [81.5 - (25 * Sqrt3) + 2]),

            // f* = -99.96 at (2, 0) (HS, CasADi, OPTI; verified). x0 = (-1, -1) as in HS, JSO and OPTI (CasADi has (-1, 1)).
            P("HS021", x => 0.01 * x[0].Square() + x[1].Square() - 100, [-1, -1], -99.96, [2, 0], lower: [2, -50], upper: [50, 50],
                constraints: [Lin("g1", new double[,] { { 10, -1 } }, [10], [Inf])]),

            // f* = 1 at (1, 1) (HS, CasADi, OPTI; verified).
            P("HS022", x => (x[0] - 2).Square() + (x[1] - 1).Square(), [2, 2], 1, [1, 1],
                constraints: [Lin("g1", new double[,] { { -1, -1 } }, [-2], [Inf]), Ineq("g2", x => -x[0].Square() + x[1])]),

            // f* = 2 at (1, 1) (HS, CasADi, OPTI; verified).
            P("HS023", x => x[0].Square() + x[1].Square(), [3, 1], 2, [1, 1], lower: [-50, -50], upper: [50, 50],
                constraints:
                [
                    Lin("g1", new double[,] { { 1, 1 } }, [1], [Inf]), Ineq("g2", x => x[0].Square() + x[1].Square() - 1),
                    Ineq("g3", x => 9 * x[0].Square() + x[1].Square() - 9), Ineq("g4", x => x[0].Square() - x[1]),
                    Ineq("g5", x => x[1].Square() - x[0]),
                ]),

            // f* = -1 at (3, √3) (HS, CasADi, OPTI; verified). The three linear inequalities are one three-row constraint.
            P("HS024", x => ((x[0] - 3).Square() - 9) * x[1].Pow(3) / (27 * Sqrt3), [1, 0.5], -1, [3, Sqrt3], lower: [0, 0], upper: [Inf, Inf],
                constraints: [Lin("g", new double[,] { { 1 / Sqrt3, -1 }, { 1, Sqrt3 }, { -1, -Sqrt3 } }, [0, 0, -6], [Inf, Inf, Inf])]),

            // f* = 0 at (50, 25, 1.5) (HS, CasADi, OPTI; verified). u_i - x2 > 0.03 inside the bounds; |.| keeps the power
            // defined outside them, as in MGH's Gulf research problem, which is the same function.
            P("HS025", x =>
            {
                var u = C(x, u25);
                var i = C(x, i25);
                return (-0.01 * i + Tensor.Exp(-Tensor.Pow(Tensor.Abs(u - x[1]), x[2]) / x[0])).Square().Sum();
            }, [100, 12.5, 3], 0, [50, 25, 1.5], lower: [0.1, 0, 0], upper: [100, 25.6, 5]),

            // f* = 0 at (1, 1, 1) (HS, CasADi, OPTI; verified).
            P("HS026", x => (x[0] - x[1]).Square() + (x[1] - x[2]).Pow(4), [-2.6, 2, 2], 0, [1, 1, 1],
                constraints: [Eq("h1", x => (1 + x[1].Square()) * x[0] + x[2].Pow(4) - 3)]),

            // f* = 0.04 at (-1, 1, 0) (HS, CasADi, OPTI; verified).
            P("HS027", x => 0.01 * (x[0] - 1).Square() + (x[1] - x[0].Square()).Square(), [2, 2, 2], 0.04, [-1, 1, 0],
                constraints: [Eq("h1", x => x[0] + x[2].Square() + 1)]),

            // f* = 0 at (0.5, -0.5, 0.5) (HS, CasADi, OPTI; verified).
            P("HS028", x => (x[0] + x[1]).Square() + (x[1] + x[2]).Square(), [-4, 1, 1], 0, [0.5, -0.5, 0.5],
                constraints: [Lin("h1", new double[,] { { 1, 2, 3 } }, [1], [1])]),

            // f* = -16√2 at (4, 2√2, 2) and three sign-symmetric points (HS, CasADi, OPTI; verified).
            P("HS029", x => -x[0] * x[1] * x[2], [1, 1, 1], -16 * Sqrt2, [4, 2 * Sqrt2, 2],
                constraints: [Ineq("g1", x => 48 - x[0].Square() - 2 * x[1].Square() - 4 * x[2].Square())]),

            // f* = 1 at (1, 0, 0) (HS, CasADi, OPTI; verified). At x* the active bound x1 >= 1 and g1 have parallel
            // gradients ((1, 0, 0) and (2, 0, 0)): the multipliers are not unique (no LICQ).
            P("HS030", x => x.Square().Sum(), [1, 1, 1], 1, [1, 0, 0], lower: [1, -10, -10], upper: [10, 10, 10],
                constraints: [Ineq("g1", x => x[0].Square() + x[1].Square() - 1)], notes: ["Degenerate"]),

            // f* = 6 at (1/√3, √3, 0) (HS, CasADi, OPTI; verified).
            P("HS031", x => 9 * x[0].Square() + x[1].Square() + 9 * x[2].Square(), [1, 1, 1], 6, [1 / Sqrt3, Sqrt3, 0],
                lower: [-10, 1, -10], upper: [10, 10, 1], constraints: [Ineq("g1", x => x[0] * x[1] - 1)]),

            // f* = 1 at (0, 0, 1) (HS, CasADi, OPTI; verified).
            P("HS032", x => (x[0] + 3 * x[1] + x[2]).Square() + 4 * (x[0] - x[1]).Square(), [0.1, 0.7, 0.2], 1, [0, 0, 1],
                lower: [0, 0, 0], upper: [Inf, Inf, Inf],
                constraints: [Ineq("g1", x => 6 * x[1] + 4 * x[2] - x[0].Pow(3) - 3), Lin("h1", new double[,] { { -1, -1, -1 } }, [-1], [-1])]),

            // f* = 1/9 at (4/3, 7/9, 4/9) (HS, CasADi, OPTI; verified).
            P("HS035", x => 9 - 8 * x[0] - 6 * x[1] - 4 * x[2] + 2 * x[0].Square() + 2 * x[1].Square() + x[2].Square()
                + 2 * x[0] * x[1] + 2 * x[0] * x[2], [0.5, 0.5, 0.5], 1.0 / 9, [4.0 / 3, 7.0 / 9, 4.0 / 9], lower: [0, 0, 0], upper: [Inf, Inf, Inf],
                constraints: [Lin("g1", new double[,] { { -1, -1, -2 } }, [-3], [Inf])]),

            // f* = -3300 at (20, 11, 15) (HS, CasADi, OPTI; verified).
            P("HS036", x => -x[0] * x[1] * x[2], [10, 10, 10], -3300, [20, 11, 15], lower: [0, 0, 0], upper: [20, 11, 42],
                constraints: [Lin("g1", new double[,] { { -1, -2, -2 } }, [-72], [Inf])]),

            // Colville's function: f* = 0 at (1, 1, 1, 1) (HS, CasADi, OPTI; verified).
            P("HS038", x => 100 * (x[1] - x[0].Square()).Square() + (1 - x[0]).Square() + 90 * (x[3] - x[2].Square()).Square()
                + (1 - x[2]).Square() + 10.1 * ((x[1] - 1).Square() + (x[3] - 1).Square()) + 19.8 * (x[1] - 1) * (x[3] - 1),
                [-3, -1, -3, -1], 0, [1, 1, 1, 1], lower: Fill(4, -10), upper: Fill(4, 10)),

            // f* = -1 at (1, 1, 0, 0) (HS, CasADi, OPTI; verified).
            P("HS039", x => -x[0], [2, 2, 2, 2], -1, [1, 1, 0, 0],
                constraints: [Eq("h1", x => x[1] - x[0].Pow(3) - x[2].Square()), Eq("h2", x => x[0].Square() - x[1] - x[3].Square())]),

            // f* = -0.25 at (2^(-1/3), 2^(-1/2), 2^(-11/12), 2^(-1/4)) (HS, OPTI; verified). CasADi's x2 = 2^(1/2) is a misprint.
            P("HS040", x => -x[0] * x[1] * x[2] * x[3], Fill(4, 0.8), -0.25,
                [Math.Pow(2, -1.0 / 3), Math.Pow(2, -0.5), Math.Pow(2, -11.0 / 12), Math.Pow(2, -0.25)],
                constraints:
                [
                    Eq("h1", x => x[0].Pow(3) + x[1].Square() - 1), Eq("h2", x => x[0].Square() * x[3] - x[2]),
                    Eq("h3", x => x[3].Square() - x[1]),
                ]),

            // f* = 52/27 at (2/3, 1/3, 1/3, 2) (HS, CasADi, OPTI; verified).
            P("HS041", x => 2 - x[0] * x[1] * x[2], [2, 2, 2, 2], 52.0 / 27, [2.0 / 3, 1.0 / 3, 1.0 / 3, 2], lower: Fill(4, 0), upper: [1, 1, 1, 2],
                constraints: [Lin("h1", new double[,] { { 1, 2, 2, -1 } }, [0], [0])]),

            // f* = 28 - 10√2 at (2, 2, 0.6√2, 0.8√2) (HS, CasADi, OPTI; verified).
            P("HS042", x => (x[0] - 1).Square() + (x[1] - 2).Square() + (x[2] - 3).Square() + (x[3] - 4).Square(), [1, 1, 1, 1],
                28 - (10 * Sqrt2), [2, 2, 0.6 * Sqrt2, 0.8 * Sqrt2],
                constraints: [Lin("h1", new double[,] { { 1, 0, 0, 0 } }, [2], [2]), Eq("h2", x => x[2].Square() + x[3].Square() - 2)]),

            // Rosen-Suzuki: f* = -44 at (0, 1, 2, -1) (HS, CasADi, OPTI; verified).
            P("HS043", x => x[0].Square() + x[1].Square() + 2 * x[2].Square() + x[3].Square() - 5 * x[0] - 5 * x[1] - 21 * x[2] + 7 * x[3],
                [0, 0, 0, 0], -44, [0, 1, 2, -1],
                constraints:
                [
                    Ineq("g1", x => 8 - x[0].Square() - x[1].Square() - x[2].Square() - x[3].Square() - x[0] + x[1] - x[2] + x[3]),
                    Ineq("g2", x => 10 - x[0].Square() - 2 * x[1].Square() - x[2].Square() - 2 * x[3].Square() + x[0] + x[3]),
                    Ineq("g3", x => 5 - 2 * x[0].Square() - x[1].Square() - x[2].Square() - 2 * x[0] + x[1] + x[3]),
                ]),

            // f* = 1 at (1, 2, 3, 4, 5) (HS, CasADi, OPTI; verified). x0 = (2, ..., 2) as in HS, JSO and OPTI (CasADi has 0).
            P("HS045", x => 2 - x[0] * x[1] * x[2] * x[3] * x[4] / 120, Fill(5, 2), 1, [1, 2, 3, 4, 5], lower: Fill(5, 0), upper: [1, 2, 3, 4, 5]),

            // f* = 0 at (1, 1, 1, 1, 1) (HS, CasADi, OPTI; verified).
            P("HS046", x => (x[0] - x[1]).Square() + (x[2] - 1).Square() + (x[3] - 1).Pow(4) + (x[4] - 1).Pow(6),
                [Sqrt2 / 2, 1.75, 0.5, 2, 2], 0, Fill(5, 1),
                constraints:
                [
                    Eq("h1", x => x[0].Square() * x[3] + Tensor.Sin(x[3] - x[4]) - 1), Eq("h2", x => x[1] + x[2].Pow(4) * x[3].Square() - 2),
                ]),

            // HS (and CasADi, OPTI) give f* = 0 at (1, ..., 1), where solvers from x0 end. Because of the cubic term that is
            // not the minimum: SLSQP from 5 of 12 random starts, the polish and the augmented Lagrangian all find the KKT point
            // below with f = -0.026714182694 (hs_verify.py).
            P("HS047", x => (x[0] - x[1]).Square() + (x[1] - x[2]).Pow(3) + (x[2] - x[3]).Pow(4) + (x[3] - x[4]).Pow(4),
                [2, Sqrt2, -1, 2 - Sqrt2, 0.5], -0.026714182694,
                [0.6770043955794, 0.7260894728455, 1.2154912140129, 1.7513294184971, 1.4770952840626],
                constraints:
                [
                    Eq("h1", x => x[0] + x[1].Square() + x[2].Pow(3) - 3), Eq("h2", x => x[1] - x[2].Square() + x[3] - 1),
                    Eq("h3", x => x[0] * x[4] - 1),
                ],
                others: [0]),

            // f* = 0 at (1, ..., 1) (HS, CasADi, OPTI; verified).
            P("HS048", x => (x[0] - 1).Square() + (x[1] - x[2]).Square() + (x[3] - x[4]).Square(), [3, 5, -3, 2, -2], 0, Fill(5, 1),
                constraints: [Lin("h", new double[,] { { 1, 1, 1, 1, 1 }, { 0, 0, 1, -2, -2 } }, [5, -3], [5, -3])]),

            // f* = 0 at (1, ..., 1) (HS, CasADi, OPTI; verified).
            P("HS049", x => (x[0] - x[1]).Square() + (x[2] - 1).Square() + (x[3] - 1).Pow(4) + (x[4] - 1).Pow(6), [10, 7, 2, -3, 0.8], 0, Fill(5, 1),
                constraints: [Lin("h", new double[,] { { 1, 1, 1, 4, 0 }, { 0, 0, 1, 0, 5 } }, [7, 6], [7, 6])]),

            // f* = 0 at (1, ..., 1) (HS, CasADi, OPTI; verified).
            P("HS050", x => (x[0] - x[1]).Square() + (x[1] - x[2]).Square() + (x[2] - x[3]).Pow(4) + (x[3] - x[4]).Square(),
                [35, -31, 11, 5, -5], 0, Fill(5, 1),
                constraints: [Lin("h", new double[,] { { 1, 2, 3, 0, 0 }, { 0, 1, 2, 3, 0 }, { 0, 0, 1, 2, 3 } }, [6, 6, 6], [6, 6, 6])]),

            // f* = 0 at (1, ..., 1) (HS, CasADi; verified).
            P("HS051", x => (x[0] - x[1]).Square() + (x[1] + x[2] - 2).Square() + (x[3] - 1).Square() + (x[4] - 1).Square(),
                [2.5, 0.5, 2, -1, 0.5], 0, Fill(5, 1),
                constraints: [Lin("h", new double[,] { { 1, 3, 0, 0, 0 }, { 0, 0, 1, 1, -2 }, { 0, 1, 0, 0, -1 } }, [4, 0, 0], [4, 0, 0])]),

            // f* = 1859/349 at (-33, 11, 180, -158, 11)/349 (HS, CasADi; verified).
            P("HS052", x => (4 * x[0] - x[1]).Square() + (x[1] + x[2] - 2).Square() + (x[3] - 1).Square() + (x[4] - 1).Square(),
                Fill(5, 2), 1859.0 / 349, [-33.0 / 349, 11.0 / 349, 180.0 / 349, -158.0 / 349, 11.0 / 349],
                constraints: [Lin("h", new double[,] { { 1, 3, 0, 0, 0 }, { 0, 0, 1, 1, -2 }, { 0, 1, 0, 0, -1 } }, [0, 0, 0], [0, 0, 0])]),

            // f* = -3.456 (HS, CasADi; verified), x1..x3 = (2.4, 1.2, 1.2); the angles are not unique (x* takes the smallest).
            P("HS056", x => -x[0] * x[1] * x[2],
                [1, 1, 1, Math.Asin(Math.Sqrt(1 / 4.2)), Math.Asin(Math.Sqrt(1 / 4.2)), Math.Asin(Math.Sqrt(1 / 4.2)), Math.Asin(Math.Sqrt(5 / 7.2))],
                -3.456, [2.4, 1.2, 1.2, Math.Asin(Math.Sqrt(4.0 / 7)), Math.Asin(Math.Sqrt(2.0 / 7)), Math.Asin(Math.Sqrt(2.0 / 7)), Math.PI / 2],
                constraints:
                [
                    Eq("h1", x => x[0] - 4.2 * Tensor.Sin(x[3]).Square()), Eq("h2", x => x[1] - 4.2 * Tensor.Sin(x[4]).Square()),
                    Eq("h3", x => x[2] - 4.2 * Tensor.Sin(x[5]).Square()),
                    Eq("h4", x => x[0] + 2 * x[1] + 2 * x[2] - 7.2 * Tensor.Sin(x[6]).Square()),
                ]),

            // f* = 0.02845966972 (HS, CasADi; verified); x* polished from the printed (0.419952675, 1.284845629).
            P("HS057", x =>
            {
                var a = C(x, A57);
                var b = C(x, B57);
                return (b - x[0] - (0.49 - x[0]) * Tensor.Exp(-x[1] * (a - 8))).Square().Sum();
            }, [0.42, 5], 0.02845966972, [0.4199526507648, 1.2848451937524], lower: [0.4, -4], upper: [Inf, Inf],
                constraints: [Ineq("g1", x => 0.49 * x[1] - x[0] * x[1] - 0.09)]),

            // f* = -143.6461422 (HS, CasADi; verified); x* polished from the printed (5.32677, -2.11900, 3.21046).
            P("HS061", x => 4 * x[0].Square() + 2 * x[1].Square() + 2 * x[2].Square() - 33 * x[0] + 16 * x[1] - 24 * x[2], [0, 0, 0],
                -143.6461422, [5.3267701355638, -2.1189986322189, 3.2104642253505],
                constraints: [Eq("h1", x => 3 * x[0] - 2 * x[1].Square() - 7), Eq("h2", x => 4 * x[0] - x[2].Square() - 11)]),

            // f* = 0.9535288567 (HS, CasADi; verified); x* polished from the printed (3.650461821, 3.65046168, 4.6204170507).
            P("HS065", x => (x[0] - x[1]).Square() + (x[0] + x[1] - 10).Square() / 9 + (x[2] - 5).Square(), [-5, 5, 0], 0.9535288567,
                [3.6504617268978, 3.650461723866, 4.6204175550531], lower: [-4.5, -4.5, -5], upper: [4.5, 4.5, 5],
                constraints: [Ineq("g1", x => 48 - x[0].Square() - x[1].Square() - x[2].Square())]),

            // f* = 0.5181632741 (HS, CasADi; verified); x* polished from the printed (0.1841264879, 1.202167873, 3.327322322).
            P("HS066", x => 0.2 * x[2] - 0.8 * x[0], [0, 1.05, 2.9], 0.5181632741, [0.1841264877884, 1.2021678730354, 3.3273223220612],
                lower: [0, 0, 0], upper: [100, 100, 10],
                constraints: [Ineq("g1", x => x[1] - Tensor.Exp(x[0])), Ineq("g2", x => x[2] - Tensor.Exp(x[1]))]),

            // f* = 17.0140173 (HS, CasADi; verified: 17.01401729); x* polished from the printed (1, 4.7429994, 3.8211503, 1.3794082).
            P("HS071", x => x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2], [1, 5, 5, 1], 17.0140173,
                [1, 4.7429996960171, 3.8211499074234, 1.3794083037957], lower: Fill(4, 1), upper: Fill(4, 5),
                constraints: [Ineq("g1", x => x[0] * x[1] * x[2] * x[3] - 25), Eq("h1", x => x.Square().Sum() - 40)]),

            // f* = 29.894378 (HS, CasADi; verified: 29.89437816); x* polished from the printed (0.6355216, -0.12e-11,
            // 0.3127019, 0.05177655).
            P("HS073", x => 24.55 * x[0] + 26.75 * x[1] + 39 * x[2] + 40.50 * x[3], Fill(4, 1), 29.894378,
                [0.6355215686358, 0, 0.3127018807511, 0.0517765506127], lower: Fill(4, 0), upper: Fill(4, Inf),
                constraints:
                [
                    Lin("g1", new double[,] { { 2.3, 5.6, 11.1, 1.3 } }, [5], [Inf]),
                    Ineq("g2", x => 12 * x[0] + 11.9 * x[1] + 41.8 * x[2] + 52.1 * x[3] - 21
                        - 1.645 * Tensor.Sqrt(0.28 * x[0].Square() + 0.19 * x[1].Square() + 20.5 * x[2].Square() + 0.62 * x[3].Square())),
                    Lin("h1", new double[,] { { 1, 1, 1, 1 } }, [1], [1]),
                ]),

            // f* = -4.681818181 at (3/11, 23/11, 0, 6/11) (HS, CasADi; verified: -103/22).
            P("HS076", x => x[0].Square() + 0.5 * x[1].Square() + x[2].Square() + 0.5 * x[3].Square() - x[0] * x[2] + x[2] * x[3]
                - x[0] - 3 * x[1] + x[2] - x[3], Fill(4, 0.5), -4.681818181, [3.0 / 11, 23.0 / 11, 0, 6.0 / 11],
                lower: Fill(4, 0), upper: Fill(4, Inf),
                constraints: [Lin("g", new double[,] { { -1, -2, -1, -1 }, { -3, -1, -2, 1 }, { 0, 1, 4, 0 } }, [-5, -4, 1.5], [Inf, Inf, Inf])]),

            // f* = 0.24150513 (HS, CasADi; verified: 0.2415051288); x* polished from the printed 7-digit point.
            P("HS077", x => (x[0] - 1).Square() + (x[0] - x[1]).Square() + (x[2] - 1).Square() + (x[3] - 1).Pow(4) + (x[4] - 1).Pow(6),
                Fill(5, 2), 0.24150513, [1.1661721897093, 1.1821113888029, 1.3802570431455, 1.506036273623, 0.610920196043],
                constraints:
                [
                    Eq("h1", x => x[0].Square() * x[3] + Tensor.Sin(x[3] - x[4]) - 2 * Sqrt2),
                    Eq("h2", x => x[1] + x[2].Pow(4) * x[3].Square() - 8 - Sqrt2),
                ]),

            // f* = -2.91970041 (HS, CasADi; verified: -2.919700409); x* polished from the printed 7-digit point.
            P("HS078", x => x[0] * x[1] * x[2] * x[3] * x[4], [-2, 1.5, 2, -1, -1], -2.91970041, x78, constraints: h78),

            // f* = 0.0787768209 (HS, CasADi; verified); x* polished from the printed 7-digit point.
            P("HS079", x => (x[0] - 1).Square() + (x[0] - x[1]).Square() + (x[1] - x[2]).Square() + (x[2] - x[3]).Pow(4) + (x[3] - x[4]).Pow(4),
                Fill(5, 2), 0.0787768209, [1.1911274563051, 1.3626031653909, 1.4728179313333, 1.6350166182121, 1.6790814361747],
                constraints:
                [
                    Eq("h1", x => x[0] + x[1].Square() + x[2].Pow(3) - 2 - 3 * Sqrt2),
                    Eq("h2", x => x[1] - x[2].Square() + x[3] + 2 - 2 * Sqrt2), Eq("h3", x => x[0] * x[4] - 2),
                ]),

            // f* = 0.0539498478 (HS, CasADi; verified), at HS78's x* (exp is increasing).
            P("HS080", x => Tensor.Exp(x[0] * x[1] * x[2] * x[3] * x[4]), [-2, 2, 2, -1, -1], 0.0539498478, x78,
                lower: [-2.3, -2.3, -3.2, -3.2, -3.2], upper: [2.3, 2.3, 3.2, 3.2, 3.2], constraints: h78),

            // f* = 0.0539498478 (HS, CasADi; verified), at HS78's x*: the extra term vanishes on h3 = 0.
            P("HS081", x => Tensor.Exp(x[0] * x[1] * x[2] * x[3] * x[4]) - 0.5 * (x[0].Pow(3) + x[1].Pow(3) + 1).Square(),
                [-2, 2, 2, -1, -1], 0.0539498478, x78, lower: [-2.3, -2.3, -3.2, -3.2, -3.2], upper: [2.3, 2.3, 3.2, 3.2, 3.2], constraints: h78),

            // f* = 680.6300573 (HS, CasADi; verified: 680.63005736); x* polished from the printed 7-digit point.
            P("HS100", x => (x[0] - 10).Square() + 5 * (x[1] - 12).Square() + x[2].Pow(4) + 3 * (x[3] - 11).Square() + 10 * x[4].Pow(6)
                + 7 * x[5].Square() + x[6].Pow(4) - 4 * x[5] * x[6] - 10 * x[5] - 8 * x[6], [1, 2, 0, 4, 0, 1, 1], 680.6300573,
                [2.3304991123476, 1.9513722550659, -0.477541367658, 4.3657265630052, -0.6244866868415, 1.0381306952756, 1.5942262904961],
                constraints:
                [
                    Ineq("g1", x => 127 - 2 * x[0].Square() - 3 * x[1].Pow(4) - x[2] - 4 * x[3].Square() - 5 * x[4]),
                    Ineq("g2", x => 282 - 7 * x[0] - 3 * x[1] - 10 * x[2].Square() - x[3] + x[4]),
                    Ineq("g3", x => 196 - 23 * x[0] - x[1].Square() - 6 * x[5].Square() + 8 * x[6]),
                    Ineq("g4", x => -4 * x[0].Square() - x[1].Square() + 3 * x[0] * x[1] - 2 * x[2].Square() - 5 * x[5] + 11 * x[6]),
                ]),

            // HS prints f* = 7049.330923 (with x* = (579.3167, 1359.943, 5110.071, ...)), which is not minimal: the minimum
            // is 7049.2480205 (polish, multistart and CasADi's 7049.24776 with its rounded constants 833.3325 and 83333.33;
            // JSO and HS use 833.33252 and 83333.333, as here). Variables span 10 to 10000: badly scaled.
            P("HS106", x => x[0] + x[1] + x[2], [5000, 5000, 5000, 200, 350, 150, 225, 425], 7049.2480205,
                [579.3066872684091, 1359.9706722080741, 5109.970661052183, 182.0176998185691, 295.6011735579127,
                    217.9823001814309, 286.4165262606564, 395.6011735579127],
                lower: [100, 1000, 1000, 10, 10, 10, 10, 10], upper: [10000, 10000, 10000, 1000, 1000, 1000, 1000, 1000],
                constraints:
                [
                    Lin("g", new double[,]
                    {
                        { 0, 0, 0, -0.0025, 0, -0.0025, 0, 0 }, { 0, 0, 0, 0.0025, -0.0025, 0, -0.0025, 0 }, { 0, 0, 0, 0, 0.01, 0, 0, -0.01 },
                    }, [-1, -1, -1], [Inf, Inf, Inf]),
                    Ineq("g4", x => x[0] * x[5] - 833.33252 * x[3] - 100 * x[0] + 83333.333),
                    Ineq("g5", x => x[1] * x[6] - 1250 * x[4] - x[1] * x[3] + 1250 * x[3]),
                    Ineq("g6", x => x[2] * x[7] - 1250000 - x[2] * x[4] + 2500 * x[4]),
                ],
                others: [], notes: ["BadlyScaled"]),

            // f* = -√3/2 = -0.8660254038 (HS, CasADi; verified); x* polished from the HS point; the 13 inequalities are one
            // 13-row constraint (JSO drops one of them).
            P("HS108", x => -0.5 * (x[0] * x[3] - x[1] * x[2] + x[2] * x[8] - x[4] * x[8] + x[4] * x[7] - x[5] * x[6]), Fill(9, 1), -Sqrt3 / 2,
                [0.8841292098095, 0.4672424856128, 0.0374207426367, 0.9992995987293, 0.8841292098095, 0.4672424856128, 0.0374207426367,
                    0.9992995987293, 0],
                lower: [.. Fill(8, double.NegativeInfinity), 0], upper: Fill(9, Inf),
                constraints: [Constraint.Inequality(Hs108Rows, "g")]),

            // f* = -45.77846971 (HS, CasADi; verified); x* polished from the printed 9.35025655 per coordinate.
            P("HS110", x => (Tensor.Log(x - 2).Square() + Tensor.Log(10 - x).Square()).Sum() - Tensor.Prod(x).Pow(0.2), Fill(10, 9),
                -45.77846971, Fill(10, 9.3502658324461), lower: Fill(10, 2.001), upper: Fill(10, 9.999)),

            // f* = 24.3062091 (HS, CasADi; verified: 24.30620907); x* polished from the printed 7-digit point.
            P("HS113", x => x[0].Square() + x[1].Square() + x[0] * x[1] - 14 * x[0] - 16 * x[1] + (x[2] - 10).Square()
                + 4 * (x[3] - 5).Square() + (x[4] - 3).Square() + 2 * (x[5] - 1).Square() + 5 * x[6].Square() + 7 * (x[7] - 11).Square()
                + 2 * (x[8] - 10).Square() + (x[9] - 7).Square() + 45, [2, 3, 5, 5, 1, 2, 7, 3, 6, 10], 24.3062091,
                [2.1719963742005, 2.3636829573848, 8.7739257181247, 5.0959843982052, 0.990654748046, 1.4305739471274,
                    1.321644218902, 9.8287258192247, 8.2800914915679, 8.3759261895032],
                constraints:
                [
                    Lin("g", new double[,]
                    {
                        { -4, -5, 0, 0, 0, 0, 3, -9, 0, 0 }, { -10, 8, 0, 0, 0, 0, 17, -2, 0, 0 }, { 8, -2, 0, 0, 0, 0, 0, 0, -5, 2 },
                    }, [-105, 0, -12], [Inf, Inf, Inf]),
                    Ineq("g4", x => -3 * (x[0] - 2).Square() - 4 * (x[1] - 3).Square() - 2 * x[2].Square() + 7 * x[3] + 120),
                    Ineq("g5", x => -5 * x[0].Square() - 8 * x[1] - (x[2] - 6).Square() + 2 * x[3] + 40),
                    Ineq("g6", x => -0.5 * (x[0] - 8).Square() - 2 * (x[1] - 4).Square() - 3 * x[4].Square() + x[5] + 30),
                    Ineq("g7", x => -x[0].Square() - 2 * (x[1] - 2).Square() + 2 * x[0] * x[1] - 14 * x[4] + 6 * x[5]),
                    Ineq("g8", x => 3 * x[0] - 6 * x[1] - 12 * (x[8] - 8).Square() + 7 * x[9]),
                ]),

            // f* = 664.82045 at (8, 49, 3, 1, 56, 0, 1, 63, 6, 3, 70, 12, 5, 77, 18) (HS, CasADi; verified). The 17 linear rows
            // (12 two-sided ramp rows, then 5 demands) are one LinearConstraint.
            P("HS118", x =>
            {
                var a = Tensor.Stack([x[0], x[3], x[6], x[9], x[12]]);
                var b = Tensor.Stack([x[1], x[4], x[7], x[10], x[13]]);
                var c = Tensor.Stack([x[2], x[5], x[8], x[11], x[14]]);
                return (2.3 * a + 1e-4 * a.Square() + 1.7 * b + 1e-4 * b.Square() + 2.2 * c + 1.5e-4 * c.Square()).Sum();
            }, [20, 55, 15, 20, 60, 20, 20, 60, 20, 20, 60, 20, 20, 60, 20], 664.82045, [8, 49, 3, 1, 56, 0, 1, 63, 6, 3, 70, 12, 5, 77, 18],
                lower: [8, 43, 3, .. Fill(12, 0)], upper: [21, 57, 16, 90, 120, 60, 90, 120, 60, 90, 120, 60, 90, 120, 60],
                constraints: [Lin("g", a118, l118, u118)]),
        ];
    }

    private static Tensor Hs108Rows(Tensor x) => V(
        1 - x[2].Square() - x[3].Square(),
        1 - x[8].Square(),
        1 - x[4].Square() - x[5].Square(),
        1 - x[0].Square() - (x[1] - x[8]).Square(),
        1 - (x[0] - x[4]).Square() - (x[1] - x[5]).Square(),
        1 - (x[0] - x[6]).Square() - (x[1] - x[7]).Square(),
        1 - (x[2] - x[4]).Square() - (x[3] - x[5]).Square(),
        1 - (x[2] - x[6]).Square() - (x[3] - x[7]).Square(),
        1 - x[6].Square() - (x[7] - x[8]).Square(),
        x[0] * x[3] - x[1] * x[2],
        x[2] * x[8],
        -x[4] * x[8],
        x[4] * x[7] - x[5] * x[6]);

    /// <summary>HS118's rows: 0 &lt;= x(3j+k) - x(3j-3+k) + 7 &lt;= 13, 14, 13 (k = 1, 2, 3; j = 1..4), then the five demands.</summary>
    private static (double[,] A, double[] Lower, double[] Upper) Hs118Rows()
    {
        var a = new double[17, 15];
        var lower = new double[17];
        var upper = new double[17];
        int row = 0;
        for (int j = 1; j <= 4; j++)
        {
            foreach (var (k, width) in new[] { (0, 13), (1, 14), (2, 13) })
            {
                a[row, (3 * j) + k] = 1;
                a[row, (3 * j) - 3 + k] = -1;
                lower[row] = -7;
                upper[row] = width - 7;
                row++;
            }
        }

        double[] demand = [60, 50, 70, 85, 100];
        for (int j = 0; j < 5; j++)
        {
            a[row, 3 * j] = a[row, (3 * j) + 1] = a[row, (3 * j) + 2] = 1;
            lower[row] = demand[j];
            upper[row] = Inf;
            row++;
        }

        return (a, lower, upper);
    }
}
