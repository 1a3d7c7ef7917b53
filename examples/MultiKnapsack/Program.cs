// The relaxed multi-knapsack of autograd-minimize's examples, solved with exact constraint derivatives:
// W (items x knapsacks) >= 0 with every row summing to 1; the loss is mean(relu(weights · softmax(W, 1) - capacity)²).
// The weights come from a seeded splitmix64 stream that bench/peers/knapsack_scipy.py reproduces bit for bit, so the
// assignment found here can be compared with scipy's on the same data.
//
//   dotnet run -c Release --project examples/MultiKnapsack -- [--items 100] [--knapsacks 5] [--weights 500]
//       [--method trust-constr|SLSQP|all] [--dtype float32|float64] [--repeat 3] [--maxiter 1000]
using System.Diagnostics;
using System.Globalization;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

// MathNet's managed factorizations start parallel loops even for tiny matrices, which costs more than it gains on
// small problems; the constrained methods factor many small matrices, so this program runs them single-threaded.
MathNet.Numerics.Control.UseSingleThread();
int items = 100, knapsacks = 5, weightsPerItem = 500, repeat = 1, maxIterations = 1000;
string method = "all";
var dtype = DType.Float32;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--items": items = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--knapsacks": knapsacks = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--weights": weightsPerItem = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--method": method = args[i + 1]; break;
        case "--dtype": dtype = args[i + 1] == "float64" ? DType.Float64 : DType.Float32; break;
        case "--repeat": repeat = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--maxiter": maxIterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown option {args[i]}.");
    }
}

var (weights, capacity) = KnapsackData.Create(weightsPerItem, items, knapsacks);
var w = Tensor.FromArray(weights).To(dtype);
var cap = Tensor.FromArray(capacity).To(dtype);
Tensor Loss(Tensor assignment) => (w.MatMul(Tensor.Softmax(assignment, 1)) - cap).Relu().Square().Mean();
var rowsSumToOne = Constraint.Equality(a => a.Sum(1) - 1, "rows sum to 1");
var x0 = Tensor.Zeros(new Shape(items, knapsacks), dtype);
string[] methods = method == "all" ? ["trust-constr", "SLSQP"] : [method];
foreach (var name in methods)
{
    var options = MethodRegistry.Find(name).DefaultOptions() with { Tolerance = 1e-8, MaxIterations = maxIterations };
    MinimizeResult? r = null;
    var times = new List<double>();
    for (int k = 0; k < repeat; k++)
    {
        var clock = Stopwatch.StartNew();
        r = Minimizer.Minimize(Loss, x0, options, Bounds.All(0, null), constraints: [rowsSumToOne]);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    var x = r!.X;
    var assignment = new int[items];
    for (int i = 0; i < items; i++)
    {
        int best = 0;
        for (int k = 1; k < knapsacks; k++)
        {
            if (x[(i * knapsacks) + k] > x[(i * knapsacks) + best])
            {
                best = k;
            }
        }

        assignment[i] = best;
    }

    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-13} {dtype} items={items} best of {repeat}: {times[0]:F1} ms  nit={r.Nit} nfev={r.Nfev} njev={r.Njev} nhev={r.Nhev}  f={r.Fun:E4} violation={r.MaxConstraintViolation:E2} {r.Status} ({(r.Success ? "success" : "failure")})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-13} ms per iteration {times[0] / Math.Max(r.Nit, 1):F2}"));
    Console.WriteLine($"{"",-13} assignment {string.Join(" ", assignment)}");
}

/// <summary>The example's data: weights (weightsPerItem x items) uniform in [0, 1) from splitmix64 seeded with 2024,
/// and each knapsack's capacity, the weight of the items i with i mod knapsacks = k.</summary>
internal static class KnapsackData
{
    public static (double[,] Weights, double[,] Capacity) Create(int rows, int items, int knapsacks)
    {
        ulong state = 2024;
        var weights = new double[rows, items];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < items; i++)
            {
                state += 0x9E3779B97F4A7C15UL;
                ulong z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                weights[r, i] = (z >> 11) * (1.0 / (1UL << 53));
            }
        }

        var capacity = new double[rows, knapsacks];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < items; i++)
            {
                capacity[r, i % knapsacks] += weights[r, i];
            }
        }

        return (weights, capacity);
    }
}
