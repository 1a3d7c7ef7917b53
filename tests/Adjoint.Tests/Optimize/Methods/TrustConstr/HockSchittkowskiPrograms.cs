using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Methods.TrustConstr;

/// <summary>Hock-Schittkowski problems (Hock, Schittkowski 1981) as <see cref="TensorProgram"/>s, with their published solutions.</summary>
internal static class HockSchittkowskiPrograms
{
    private static Tensor Sq(Tensor t) => t.Square();

    public static TensorProgram Hs6() => new("HS6", 2, x => Sq(1 - x[0]), [x => 10 * (x[1] - Sq(x[0]))], [], [-1.2, 1], 0, [1, 1]);

    public static TensorProgram Hs7() => new("HS7", 2, x => (1 + Sq(x[0])).Log() - x[1],
        [x => Sq(1 + Sq(x[0])) + Sq(x[1]) - 4], [], [2, 2], -Math.Sqrt(3), [0, Math.Sqrt(3)]);

    public static TensorProgram Hs26() => new("HS26", 3, x => Sq(x[0] - x[1]) + (x[1] - x[2]).Pow(4),
        [x => ((1 + Sq(x[1])) * x[0]) + x[2].Pow(4) - 3], [], [-2.6, 2, 2], 0, [1, 1, 1]);

    public static TensorProgram Hs27() => new("HS27", 3, x => (0.01 * Sq(x[0] - 1)) + Sq(x[1] - Sq(x[0])),
        [x => x[0] + Sq(x[2]) + 1], [], [2, 2, 2], 0.04, [-1, 1, 0]);

    public static TensorProgram Hs39() => new("HS39", 4, x => -x[0],
        [x => x[1] - x[0].Pow(3) - Sq(x[2]), x => Sq(x[0]) - x[1] - Sq(x[3])], [], [2, 2, 2, 2], -1, [1, 1, 0, 0]);

    public static TensorProgram Hs40() => new("HS40", 4, x => -(x[0] * x[1] * x[2] * x[3]),
        [x => x[0].Pow(3) + Sq(x[1]) - 1, x => (Sq(x[0]) * x[3]) - x[2], x => Sq(x[3]) - x[1]], [], [0.8, 0.8, 0.8, 0.8], -0.25,
        [Math.Pow(2, -1.0 / 3), Math.Pow(2, -0.5), Math.Pow(2, -11.0 / 12), Math.Pow(2, -0.25)]);

    public static TensorProgram Hs46() => new("HS46", 5,
        x => Sq(x[0] - x[1]) + Sq(x[2] - 1) + (x[3] - 1).Pow(4) + (x[4] - 1).Pow(6),
        [x => (Sq(x[0]) * x[3]) + Tensor.Sin(x[3] - x[4]) - 1, x => x[1] + (x[2].Pow(4) * Sq(x[3])) - 2], [],
        [Math.Sqrt(2) / 2, 1.75, 0.5, 2, 2], 0, [1, 1, 1, 1, 1]);

    public static TensorProgram Hs47() => new("HS47", 5,
        x => Sq(x[0] - x[1]) + (x[1] - x[2]).Pow(3) + (x[2] - x[3]).Pow(4) + (x[3] - x[4]).Pow(4),
        [x => x[0] + Sq(x[1]) + x[2].Pow(3) - 3, x => x[1] - Sq(x[2]) + x[3] - 1, x => (x[0] * x[4]) - 1], [],
        [2, Math.Sqrt(2), -1, 2 - Math.Sqrt(2), 0.5], 0, [1, 1, 1, 1, 1]);

    public static TensorProgram Hs48() => new("HS48", 5, x => Sq(x[0] - 1) + Sq(x[1] - x[2]) + Sq(x[3] - x[4]),
        [x => x[0] + x[1] + x[2] + x[3] + x[4] - 5, x => x[2] - (2 * (x[3] + x[4])) + 3], [],
        [3, 5, -3, 2, -2], 0, [1, 1, 1, 1, 1]);

    public static TensorProgram Hs49() => new("HS49", 5,
        x => Sq(x[0] - x[1]) + Sq(x[2] - 1) + (x[3] - 1).Pow(4) + (x[4] - 1).Pow(6),
        [x => x[0] + x[1] + x[2] + (4 * x[3]) - 7, x => x[2] + (5 * x[4]) - 6], [],
        [10, 7, 2, -3, 0.8], 0, [1, 1, 1, 1, 1]);

    public static TensorProgram Hs50() => new("HS50", 5,
        x => Sq(x[0] - x[1]) + Sq(x[1] - x[2]) + (x[2] - x[3]).Pow(4) + Sq(x[3] - x[4]),
        [x => x[0] + (2 * x[1]) + (3 * x[2]) - 6, x => x[1] + (2 * x[2]) + (3 * x[3]) - 6, x => x[2] + (2 * x[3]) + (3 * x[4]) - 6], [],
        [35, -31, 11, 5, -5], 0, [1, 1, 1, 1, 1]);

    public static TensorProgram Hs21() => new("HS21", 2, x => (0.01 * Sq(x[0])) + Sq(x[1]) - 100, [],
        [x => (10 * x[0]) - x[1] - 10, .. TensorProgram.BoundRows([2, -50], [50, 50])], [-1, -1], -99.96, [2, 0]);

    public static TensorProgram Hs35() => new("HS35", 3,
        x => 9 - (8 * x[0]) - (6 * x[1]) - (4 * x[2]) + (2 * Sq(x[0])) + (2 * Sq(x[1])) + Sq(x[2]) + (2 * x[0] * x[1]) + (2 * x[0] * x[2]), [],
        [x => 3 - x[0] - x[1] - (2 * x[2]), .. TensorProgram.BoundRows([0, 0, 0], [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity])],
        [0.5, 0.5, 0.5], 1.0 / 9, [4.0 / 3, 7.0 / 9, 4.0 / 9]);

    public static TensorProgram Hs71() => new("HS71", 4, x => (x[0] * x[3] * (x[0] + x[1] + x[2])) + x[2],
        [x => Sq(x[0]) + Sq(x[1]) + Sq(x[2]) + Sq(x[3]) - 40],
        [x => (x[0] * x[1] * x[2] * x[3]) - 25, .. TensorProgram.BoundRows([1, 1, 1, 1], [5, 5, 5, 5])],
        [1, 5, 5, 1], 17.0140173, [1, 4.7429994, 3.8211503, 1.3794082]);

    public static TensorProgram Hs100() => new("HS100", 7,
        x => Sq(x[0] - 10) + (5 * Sq(x[1] - 12)) + x[2].Pow(4) + (3 * Sq(x[3] - 11)) + (10 * x[4].Pow(6)) + (7 * Sq(x[5]))
            + x[6].Pow(4) - (4 * x[5] * x[6]) - (10 * x[5]) - (8 * x[6]),
        [],
        [
            x => 127 - (2 * Sq(x[0])) - (3 * x[1].Pow(4)) - x[2] - (4 * Sq(x[3])) - (5 * x[4]),
            x => 282 - (7 * x[0]) - (3 * x[1]) - (10 * Sq(x[2])) - x[3] + x[4],
            x => 196 - (23 * x[0]) - Sq(x[1]) - (6 * Sq(x[5])) + (8 * x[6]),
            x => (-4 * Sq(x[0])) - Sq(x[1]) + (3 * x[0] * x[1]) - (2 * Sq(x[2])) - (5 * x[5]) + (11 * x[6]),
        ],
        [1, 2, 0, 4, 0, 1, 1], 680.6300573);

    public static TheoryData<string> EqualityNames() => ["HS6", "HS7", "HS26", "HS27", "HS39", "HS40", "HS46", "HS47", "HS48", "HS49", "HS50"];

    public static TheoryData<string> InequalityNames() => ["HS21", "HS35", "HS71", "HS100"];

    public static TensorProgram Get(string name) => name switch
    {
        "HS6" => Hs6(),
        "HS7" => Hs7(),
        "HS26" => Hs26(),
        "HS27" => Hs27(),
        "HS39" => Hs39(),
        "HS40" => Hs40(),
        "HS46" => Hs46(),
        "HS47" => Hs47(),
        "HS48" => Hs48(),
        "HS49" => Hs49(),
        "HS50" => Hs50(),
        "HS21" => Hs21(),
        "HS35" => Hs35(),
        "HS71" => Hs71(),
        "HS100" => Hs100(),
        _ => throw new ArgumentException(name, nameof(name)),
    };
}
