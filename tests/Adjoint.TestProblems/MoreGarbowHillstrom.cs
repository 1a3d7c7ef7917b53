using Adjoint.Tensors;

namespace Adjoint.TestProblems;

/// <summary>
/// The Moré-Garbow-Hillstrom unconstrained test set: sums of squares f(x) = Σ rᵢ(x)², written once with tensor
/// operations, with the standard starting points and the minima reported in the paper.
/// </summary>
/// <remarks>
/// References: J. J. Moré, B. S. Garbow, K. E. Hillstrom, "Testing Unconstrained Optimization Software",
/// ACM TOMS 7(1), 17-41, 1981. Problem 7 (helical valley) is omitted: it needs arctan, which the tensor API lacks.
/// </remarks>
public static class MoreGarbowHillstrom
{
    /// <summary>Every problem, in MGH order.</summary>
    public static IReadOnlyList<TestProblem> All { get; } = Build();

    /// <summary>A problem by name (e.g. "Rosenbrock").</summary>
    public static TestProblem Get(string name) => All.First(p => p.Name == name);

    private static Tensor C(Tensor like, double[] values) => Tensor.FromArray(values, new Shape([values.Length]), like.DType);

    private static Tensor Cm(Tensor like, double[,] values)
    {
        int r = values.GetLength(0), c = values.GetLength(1);
        var flat = new double[r * c];
        Buffer.BlockCopy(values, 0, flat, 0, flat.Length * sizeof(double));
        return Tensor.FromArray(flat, new Shape([r, c]), like.DType);
    }

    private static Tensor S(Tensor like, double v) => Tensor.Full(new Shape([1]), v, like.DType);

    private static Tensor Vec(params Tensor[] parts) => Tensor.Concat(parts.Select(p => p.Rank == 0 ? p.Reshape(1) : p).ToList(), 0);

    private static Tensor SumSq(Tensor r) => r.Square().Sum();

    private static double[] Seq(int from, int to, Func<int, double> f) => Enumerable.Range(from, to - from + 1).Select(f).ToArray();

    private static double[] Fill(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    private static TestProblem P(string name, int number, Func<Tensor, Tensor> residuals, double[] x0, double fstar, params double[] others) =>
        new(name, number, x => SumSq(residuals(x)), x0, fstar, others, ["LeastSquares", "Smooth"]);

    private static List<TestProblem> Build()
    {
        var list = new List<TestProblem>
        {
            P("Rosenbrock", 1, x => Vec(10 * (x[1] - x[0].Square()), 1 - x[0]), [-1.2, 1], 0),
            P("FreudensteinRoth", 2, x => Vec(
                -13 + x[0] + (((5 - x[1]) * x[1]) - 2) * x[1],
                -29 + x[0] + (((x[1] + 1) * x[1]) - 14) * x[1]), [0.5, -2], 0, 48.9842536792400),
            P("PowellBadlyScaled", 3, x => Vec(1e4 * x[0] * x[1] - 1, Tensor.Exp(-x[0]) + Tensor.Exp(-x[1]) - 1.0001), [0, 1], 0),
            P("BrownBadlyScaled", 4, x => Vec(x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2), [1, 1], 0),
            P("Beale", 5, x =>
            {
                var y = C(x, [1.5, 2.25, 2.625]);
                var i = C(x, [1, 2, 3]);
                return y - x[0] * (1 - Tensor.Pow(x[1], i));
            }, [1, 1], 0),
            P("JennrichSampson", 6, x =>
            {
                var i = C(x, Seq(1, 10, k => k));
                return 2 + 2 * i - (Tensor.Exp(i * x[0]) + Tensor.Exp(i * x[1]));
            }, [0.3, 0.4], 124.362182355),
            P("Bard", 8, x =>
            {
                double[] yv = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39];
                var u = C(x, Seq(1, 15, i => i));
                var v = C(x, Seq(1, 15, i => 16 - i));
                var w = C(x, Seq(1, 15, i => Math.Min(i, 16 - i)));
                return C(x, yv) - (x[0] + u / (v * x[1] + w * x[2]));
            }, [1, 1, 1], 8.21487730657897e-3, 17.4286),
            P("Gaussian", 9, x =>
            {
                double[] yv = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009];
                var t = C(x, Seq(1, 15, i => (8 - i) / 2.0));
                return x[0] * Tensor.Exp(-0.5 * x[1] * (t - x[2]).Square()) - C(x, yv);
            }, [0.4, 1, 0], 1.12793276961912e-8),
            P("Meyer", 10, x =>
            {
                double[] yv = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872];
                var t = C(x, Seq(1, 16, i => 45 + (5.0 * i)));
                return x[0] * Tensor.Exp(x[1] / (t + x[2])) - C(x, yv);
            }, [0.02, 4000, 250], 87.9458551841),
            P("GulfResearch", 11, x =>
            {
                const int m = 99;
                var t = Seq(1, m, i => i / 100.0);
                var y = C(x, t.Select(ti => 25 + Math.Pow(-50 * Math.Log(ti), 2.0 / 3.0)).ToArray());
                return Tensor.Exp(-Tensor.Pow(Tensor.Abs(y - x[1]), x[2]) / x[0]) - C(x, t);
            }, [5, 2.5, 0.15], 0),
            P("Box3D", 12, x =>
            {
                var tv = Seq(1, 10, i => 0.1 * i);
                var t = C(x, tv);
                var c = C(x, tv.Select(ti => Math.Exp(-ti) - Math.Exp(-10 * ti)).ToArray());
                return Tensor.Exp(-t * x[0]) - Tensor.Exp(-t * x[1]) - x[2] * c;
            }, [0, 10, 20], 0),
            P("PowellSingular", 13, x => Vec(
                x[0] + 10 * x[1],
                Math.Sqrt(5) * (x[2] - x[3]),
                (x[1] - 2 * x[2]).Square(),
                Math.Sqrt(10) * (x[0] - x[3]).Square()), [3, -1, 0, 1], 0),
            P("Wood", 14, x => Vec(
                10 * (x[1] - x[0].Square()),
                1 - x[0],
                Math.Sqrt(90) * (x[3] - x[2].Square()),
                1 - x[2],
                Math.Sqrt(10) * (x[1] + x[3] - 2),
                (x[1] - x[3]) / Math.Sqrt(10)), [-3, -1, -3, -1], 0),
            P("KowalikOsborne", 15, x =>
            {
                double[] yv = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246];
                var u = C(x, [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]);
                return C(x, yv) - x[0] * (u.Square() + u * x[1]) / (u.Square() + u * x[2] + x[3]);
            }, [0.25, 0.39, 0.415, 0.39], 3.07505603849238e-4),
            P("BrownDennis", 16, x =>
            {
                var tv = Seq(1, 20, i => i / 5.0);
                var t = C(x, tv);
                var a = x[0] + t * x[1] - C(x, tv.Select(Math.Exp).ToArray());
                var b = x[2] + x[3] * C(x, tv.Select(Math.Sin).ToArray()) - C(x, tv.Select(Math.Cos).ToArray());
                return a.Square() + b.Square();
            }, [25, 5, -5, -1], 85822.2016263563),
            P("Osborne1", 17, x =>
            {
                double[] yv = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603,
                    0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406];
                var t = C(x, Seq(1, 33, i => 10.0 * (i - 1)));
                return C(x, yv) - (x[0] + x[1] * Tensor.Exp(-t * x[3]) + x[2] * Tensor.Exp(-t * x[4]));
            }, [0.5, 1.5, -1, 0.01, 0.02], 5.46489469748e-5),
            P("BiggsExp6", 18, x =>
            {
                var tv = Seq(1, 13, i => 0.1 * i);
                var t = C(x, tv);
                var y = C(x, tv.Select(ti => Math.Exp(-ti) - 5 * Math.Exp(-10 * ti) + 3 * Math.Exp(-4 * ti)).ToArray());
                return x[2] * Tensor.Exp(-t * x[0]) - x[3] * Tensor.Exp(-t * x[1]) + x[5] * Tensor.Exp(-t * x[4]) - y;
            }, [1, 2, 1, 1, 1, 1], 0, 5.65565e-3),
            P("Osborne2", 19, x =>
            {
                double[] yv = [1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608, 0.655, 0.616, 0.606,
                    0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395,
                    0.375, 0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632,
                    0.591, 0.559, 0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054];
                var t = C(x, Seq(1, 65, i => (i - 1) / 10.0));
                var model = x[0] * Tensor.Exp(-t * x[4]) + x[1] * Tensor.Exp(-(t - x[8]).Square() * x[5])
                    + x[2] * Tensor.Exp(-(t - x[9]).Square() * x[6]) + x[3] * Tensor.Exp(-(t - x[10]).Square() * x[7]);
                return C(x, yv) - model;
            }, [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5], 4.01377362935477e-2),
            Watson(6, 2.28767005355e-3),
            Watson(9, 1.39976157e-6),
            P("ExtendedRosenbrock", 21, x => Vec(10 * (x[TensorIndex.Step(1, null, 2)] - x[TensorIndex.Step(0, null, 2)].Square()),
                1 - x[TensorIndex.Step(0, null, 2)]), Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? -1.2 : 1).ToArray(), 0),
            P("ExtendedPowellSingular", 22, x =>
            {
                var a = x[TensorIndex.Step(0, null, 4)];
                var b = x[TensorIndex.Step(1, null, 4)];
                var c = x[TensorIndex.Step(2, null, 4)];
                var d = x[TensorIndex.Step(3, null, 4)];
                return Vec(a + 10 * b, Math.Sqrt(5) * (c - d), (b - 2 * c).Square(), Math.Sqrt(10) * (a - d).Square());
            }, Enumerable.Range(0, 8).Select(i => new[] { 3.0, -1, 0, 1 }[i % 4]).ToArray(), 0),
            P("PenaltyI", 23, x => Vec(Math.Sqrt(1e-5) * (x - 1), x.Square().Sum() - 0.25), Seq(1, 4, i => i), 2.24997824777e-5),
            P("PenaltyII", 24, x =>
            {
                const int n = 4;
                double a = Math.Sqrt(1e-5);
                var y = C(x, Seq(2, n, i => Math.Exp(i / 10.0) + Math.Exp((i - 1) / 10.0)));
                var weights = C(x, Seq(1, n, j => n - j + 1));
                return Vec(
                    x[0] - 0.2,
                    a * (Tensor.Exp(x[1..] / 10) + Tensor.Exp(x[..^1] / 10) - y),
                    a * (Tensor.Exp(x[1..] / 10) - Math.Exp(-0.1)),
                    (weights * x.Square()).Sum() - 1);
            }, Fill(4, 0.5), 9.37629300735e-6),
            P("VariablyDimensioned", 25, x =>
            {
                int n = x.Size;
                var s = (C(x, Seq(1, n, j => j)) * (x - 1)).Sum();
                return Vec(x - 1, s, s.Square());
            }, Seq(1, 10, j => 1 - (j / 10.0)), 0),
            P("Trigonometric", 26, x =>
            {
                int n = x.Size;
                var i = C(x, Seq(1, n, k => k));
                return n - Tensor.Cos(x).Sum() + i * (1 - Tensor.Cos(x)) - Tensor.Sin(x);
            }, Fill(10, 0.1), 0, 2.79506e-5),
            P("BrownAlmostLinear", 27, x =>
            {
                int n = x.Size;
                return Vec(x[..^1] + x.Sum() - (n + 1), Tensor.Prod(x) - 1);
            }, Fill(10, 0.5), 0, 1),
            P("DiscreteBoundaryValue", 28, x =>
            {
                int n = x.Size;
                double h = 1.0 / (n + 1);
                var t = C(x, Seq(1, n, i => i * h));
                var prev = Tensor.Concat([S(x, 0), x[..^1]], 0);
                var next = Tensor.Concat([x[1..], S(x, 0)], 0);
                return 2 * x - prev - next + (h * h / 2) * Tensor.Pow(x + t + 1, 3);
            }, Seq(1, 10, i => i / 11.0 * ((i / 11.0) - 1)), 0),
            P("DiscreteIntegralEquation", 29, x =>
            {
                int n = x.Size;
                double h = 1.0 / (n + 1);
                var tv = Seq(1, n, i => i * h);
                var lower = new double[n, n];
                var upper = new double[n, n];
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        if (j <= i)
                        {
                            lower[i, j] = tv[j];
                        }
                        else
                        {
                            upper[i, j] = 1 - tv[j];
                        }
                    }
                }

                var t = C(x, tv);
                var v = Tensor.Pow(x + t + 1, 3);
                return x + (h / 2) * ((1 - t) * Cm(x, lower).MatMul(v) + t * Cm(x, upper).MatMul(v));
            }, Seq(1, 10, i => i / 11.0 * ((i / 11.0) - 1)), 0),
            P("BroydenTridiagonal", 30, x =>
            {
                var prev = Tensor.Concat([S(x, 0), x[..^1]], 0);
                var next = Tensor.Concat([x[1..], S(x, 0)], 0);
                return (3 - 2 * x) * x - prev - 2 * next + 1;
            }, Fill(10, -1), 0),
            P("BroydenBanded", 31, x =>
            {
                int n = x.Size;
                var band = new double[n, n];
                for (int i = 0; i < n; i++)
                {
                    for (int j = Math.Max(0, i - 5); j <= Math.Min(n - 1, i + 1); j++)
                    {
                        band[i, j] = j == i ? 0 : 1;
                    }
                }

                return x * (2 + 5 * x.Square()) + 1 - Cm(x, band).MatMul(x * (1 + x));
            }, Fill(10, -1), 0),
            P("LinearFullRank", 32, x =>
            {
                const int m = 20;
                int n = x.Size;
                var s = x.Sum();
                return Vec(x - (2.0 / m) * s - 1, ((-2.0 / m) * s - 1) * Tensor.Ones(new Shape([m - n]), x.DType));
            }, Fill(10, 1), 10),
            P("LinearRank1", 33, x =>
            {
                const int m = 20;
                int n = x.Size;
                var s = (C(x, Seq(1, n, j => j)) * x).Sum();
                return C(x, Seq(1, m, i => i)) * s - 1;
            }, Fill(10, 1), 20.0 * 19 / (2 * 41)),
            P("LinearRank1ZeroColumnsRows", 34, x =>
            {
                const int m = 20;
                int n = x.Size;
                var s = (C(x, Seq(1, n, j => j == 1 || j == n ? 0 : j)) * x).Sum();
                return C(x, Seq(1, m, i => i == 1 || i == m ? 0 : i - 1)) * s - 1;
            }, Fill(10, 1), ((20.0 * 20) + (3 * 20) - 6) / (2 * ((2 * 20) - 3))),
            Chebyquad(8, 3.51687372e-3),
        };
        return list;
    }

    private static TestProblem Watson(int n, double fstar) => P("Watson", 20, x =>
    {
        var a = new double[29, n];
        var v = new double[29, n];
        for (int i = 0; i < 29; i++)
        {
            double t = (i + 1) / 29.0;
            for (int j = 0; j < n; j++)
            {
                v[i, j] = Math.Pow(t, j);
                a[i, j] = j == 0 ? 0 : j * Math.Pow(t, j - 1);
            }
        }

        var r = Cm(x, a).MatMul(x) - Cm(x, v).MatMul(x).Square() - 1;
        return Vec(r, x[0], x[1] - x[0].Square() - 1);
    }, new double[n], fstar);

    private static TestProblem Chebyquad(int n, double fstar) => P("Chebyquad", 35, x =>
    {
        int m = n;
        var y = 2 * x - 1;
        var tPrev = Tensor.OnesLike(y);
        var t = y;
        var parts = new List<Tensor>();
        for (int i = 1; i <= m; i++)
        {
            double integral = i % 2 == 1 ? 0 : -1.0 / ((i * i) - 1);
            parts.Add((t.Mean() - integral).Reshape(1));
            var tNext = 2 * y * t - tPrev;
            tPrev = t;
            t = tNext;
        }

        return Tensor.Concat(parts, 0);
    }, Seq(1, n, j => j / (n + 1.0)), fstar);
}
