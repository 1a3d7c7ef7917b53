using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Tests.Optimize.Constraints;

/// <summary>
/// autograd-minimize's relaxed multi-knapsack (examples/MultiKnapsack at full size): W >= 0 with rows summing to 1,
/// loss mean(relu(weights · softmax(W, 1) − capacity)²), from W = 0, in float32 as the torch backend runs it. The
/// capacities are built from the assignment item i → knapsack i mod k, which both methods recover.
/// </summary>
public class MultiKnapsackTests
{
    private const int Items = 20, Knapsacks = 4, Rows = 60;

    private static (Tensor Weights, Tensor Capacity) Data()
    {
        ulong state = 2024;
        var w = new double[Rows, Items];
        var cap = new double[Rows, Knapsacks];
        for (int r = 0; r < Rows; r++)
        {
            for (int i = 0; i < Items; i++)
            {
                state += 0x9E3779B97F4A7C15UL;
                ulong z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                w[r, i] = (z >> 11) * (1.0 / (1UL << 53));
                cap[r, i % Knapsacks] += w[r, i];
            }
        }

        return (Tensor.FromArray(w), Tensor.FromArray(cap));
    }

    [Theory]
    [InlineData("SLSQP")]
    [InlineData("trust-constr")]
    public void RelaxedAssignment_RecoversTheCapacityPattern(string method)
    {
        var (weights, capacity) = Data();
        Tensor Loss(Tensor a) => (weights.MatMul(Tensor.Softmax(a, 1)) - capacity).Relu().Square().Mean();
        var x0 = Tensor.Zeros(new Shape(Items, Knapsacks), DType.Float32);
        var options = MethodRegistry.Find(method).DefaultOptions();
        var r = Minimizer.Minimize(Loss, x0, options, Bounds.All(0, null), constraints: [Constraint.Equality(a => a.Sum(1) - 1, "rows")]);
        Assert.True(r.Success, r.Message);
        Assert.True(r.MaxConstraintViolation <= 1e-4, r.Message);
        Assert.Equal(DType.Float32, r.XTensor.DType);
        var report = r.Constraints![0];
        Assert.Equal([Items], report.Shape);
        for (int i = 0; i < Items; i++)
        {
            var row = r.X.AsSpan(i * Knapsacks, Knapsacks).ToArray();
            Assert.Equal(i % Knapsacks, Array.IndexOf(row, row.Max()));
        }
    }
}
