using Adjoint.Autodiff;
using Adjoint.Models;
using Adjoint.Tensors;

namespace Adjoint.Tests.Models;

public class LossTests
{
    private static readonly double[] P = [0.5, -1.0, 2.0, 3.5];
    private static readonly double[] T = [0.0, 1.0, 2.5, 0.5];

    [Fact]
    public void RegressionLosses_MatchClosedForms()
    {
        var p = Tensor.FromArray(P);
        var t = Tensor.FromArray(T);
        double[] r = P.Zip(T, (a, b) => a - b).ToArray();
        Assert.Equal(r.Select(v => v * v).Average(), Losses.MeanSquaredError(p, t).Item(), 14);
        Assert.Equal(r.Select(Math.Abs).Average(), Losses.MeanAbsoluteError(p, t).Item(), 14);
        // Residuals 0.5, -2, -0.5, 3 with delta 1: 0.125, 1.5, 0.125, 2.5.
        Assert.Equal((0.125 + 1.5 + 0.125 + 2.5) / 4, Losses.Huber(p, t).Item(), 14);
        // delta 2.5: 0.125, 2, 0.125, 2.5*(3-1.25)=4.375.
        Assert.Equal((0.125 + 2 + 0.125 + 4.375) / 4, Losses.Huber(p, t, 2.5).Item(), 14);
        Assert.Equal(Math.Sqrt(r.Select(v => v * v).Average()), Metrics.RootMeanSquaredError(p, t), 14);
        Assert.Equal(r.Select(Math.Abs).Average(), Metrics.MeanAbsoluteError(p, t), 14);
        Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError(p, Tensor.Zeros([3])));
    }

    [Fact]
    public void BinaryCrossEntropy_MatchesClosedForm_AndStaysFinite()
    {
        double[] z = [-3.0, 0.0, 1.5, 800.0, -800.0];
        double[] t = [0.0, 1.0, 1.0, 0.0, 0.0];
        static double Log1pExp(double v) => Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v)));
        double expected = z.Select((v, i) => Log1pExp(v) - (t[i] * v)).Average();
        double value = Losses.BinaryCrossEntropyWithLogits(Tensor.FromArray(z), Tensor.FromArray(t)).Item();
        Assert.Equal(expected, value, 10);
        Assert.Equal(160.0, expected, 0);
        var small = z[..3];
        double direct = small.Select((v, i) => -((t[i] * Math.Log(1 / (1 + Math.Exp(-v)))) + ((1 - t[i]) * Math.Log(1 - (1 / (1 + Math.Exp(-v))))))).Average();
        Assert.Equal(direct, Losses.BinaryCrossEntropyWithLogits(Tensor.FromArray(small), Tensor.FromArray(t[..3])).Item(), 13);
    }

    [Fact]
    public void SparseCategoricalCrossEntropy_MatchesClosedForm_AndIsStable()
    {
        var logits = Tensor.FromArray(new double[,] { { 1.0, 2.0, 0.5 }, { -1.0, 0.0, 3.0 }, { 1000.0, 0.0, -1000.0 } });
        var labels = Tensor.FromArray([1.0, 0.0, 0.0]);
        double row0 = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(0.5)) - 2;
        double row1 = Math.Log(Math.Exp(-1) + Math.Exp(0) + Math.Exp(3)) + 1;
        double row2 = Math.Log(1 + Math.Exp(-1000)); // 0 in float64
        Assert.Equal((row0 + row1 + row2) / 3, Losses.SparseCategoricalCrossEntropyWithLogits(logits, labels).Item(), 13);
        Assert.Equal(2.0 / 3, Metrics.Accuracy(logits, labels), 14);
        Assert.Throws<ArgumentException>(() => Losses.SparseCategoricalCrossEntropyWithLogits(logits, Tensor.FromArray([1.0, 3.0, 0.0])));
        Assert.Throws<ArgumentException>(() => Losses.SparseCategoricalCrossEntropyWithLogits(logits, Tensor.FromArray([1.0, 0.0])));
    }

    [Fact]
    public void SparseCategoricalCrossEntropy_GradientIsSoftmaxMinusOneHot()
    {
        var z = Tensor.FromArray(new double[,] { { 1.0, 2.0, 0.5 }, { -1.0, 0.0, 3.0 } });
        var labels = Tensor.FromArray([2.0, 1.0]);
        var g = Grad.Gradient(x => Losses.SparseCategoricalCrossEntropyWithLogits(x, labels), z).ToArray();
        var zs = z.ToArray();
        for (int i = 0; i < 2; i++)
        {
            double norm = Enumerable.Range(0, 3).Sum(k => Math.Exp(zs[(3 * i) + k]));
            for (int k = 0; k < 3; k++)
            {
                double expected = ((Math.Exp(zs[(3 * i) + k]) / norm) - (k == (i == 0 ? 2 : 1) ? 1 : 0)) / 2;
                Assert.Equal(expected, g[(3 * i) + k], 14);
            }
        }
    }

    [Fact]
    public void Losses_PassGradCheckAtOrderTwo()
    {
        var t = Tensor.FromArray(T);
        var bt = Tensor.FromArray([0.0, 1.0, 0.3, 1.0]);
        var labels = Tensor.FromArray([0.0, 1.0]);
        // Points away from the kinks of |r| and of Huber's threshold.
        var x = Tensor.FromArray([0.7, -1.3, 2.2, 3.1]);
        foreach (var (name, f) in new (string, Func<Tensor, Tensor>)[]
        {
            ("mse", p => Losses.MeanSquaredError(p, t)),
            ("mae", p => Losses.MeanAbsoluteError(p, t)),
            ("huber", p => Losses.Huber(p, t, 1.0)),
            ("bce", p => Losses.BinaryCrossEntropyWithLogits(p, bt)),
            ("cce", p => Losses.SparseCategoricalCrossEntropyWithLogits(p.Reshape(2, 2), labels)),
            ("l2", p => Losses.L2([p, p * 2], 0.01)),
        })
        {
            var r = GradCheck.Check(f, x, order: 2);
            Assert.True(r.Passed, $"{name}: {r.Message}");
        }

        Assert.Equal(0.01 * 5 * T.Sum(v => v * v), Losses.L2([t, 2 * t], 0.01).Item(), 14);
    }

    [Fact]
    public void BinaryAccuracy_ThresholdsLogitsAtZero()
    {
        Assert.Equal(0.75, Metrics.BinaryAccuracy(Tensor.FromArray([-1.0, 2.0, 0.5, -0.1]), Tensor.FromArray([0.0, 1.0, 0.0, 0.0])), 14);
    }
}
