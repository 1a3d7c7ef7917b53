using Adjoint.Autodiff;
using Adjoint.Models;
using Adjoint.Tensors;

namespace Adjoint.Tests.Models;

public class ModuleTests
{
    private static Sequential Mlp(int seed, DType dtype = DType.Float64) => new(
        new Dense(4, 8, ActivationFunction.Tanh, seed: seed, dtype: dtype),
        new LayerNorm(8, dtype: dtype),
        new Dense(8, 8, ActivationFunction.Gelu, initializer: Initializer.HeUniform, seed: seed + 1, dtype: dtype),
        new Dropout(0.5, seed: 3),
        new Dense(8, 3, ActivationFunction.Softplus, useBias: false, seed: seed + 2, dtype: dtype));

    [Fact]
    public void Sequential_Names_AreHierarchicalAndUnique()
    {
        var model = Mlp(1);
        var names = model.NamedParameters().Select(p => p.Key).ToArray();
        Assert.Equal(["dense/kernel", "dense/bias", "layer_norm/gamma", "layer_norm/beta", "dense_1/kernel", "dense_1/bias", "dense_2/kernel"], names);
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void Sequential_ParameterCounts_MatchLayerSizes()
    {
        var model = Mlp(1);
        Assert.Equal((4 * 8) + 8 + 8 + 8 + (8 * 8) + 8 + (8 * 3), model.ParameterCount);
        Assert.Equal(model.ParameterCount, model.TrainableParameterCount);
        model.Parameters()[0].Trainable = false;
        Assert.Equal(model.ParameterCount - 32, model.TrainableParameterCount);
        Assert.Equal(6, model.GetParameterValues(trainableOnly: true).Count);
    }

    [Fact]
    public void Forward_Shapes_FollowLayers()
    {
        var model = Mlp(1);
        var y = model.Forward(Tensor.RandomNormal([5, 4], 7));
        Assert.Equal(new Shape(5, 3), y.Shape);
        var y3 = new Dense(4, 2, seed: 1).Forward(Tensor.RandomNormal([2, 5, 4], 7));
        Assert.Equal(new Shape(2, 5, 2), y3.Shape);
        var e = new Embedding(10, 3, seed: 1).Forward(Tensor.FromArray([1.0, 2, 9, 0, 1, 1], [2, 3]));
        Assert.Equal(new Shape(2, 3, 3), e.Shape);
        Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros([5, 3])));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(10, 3, seed: 1).Forward(Tensor.FromArray([10.0])));
        Assert.Throws<ArgumentException>(() => new Embedding(10, 3, seed: 1).Forward(Tensor.FromArray([1.5])));
    }

    [Fact]
    public void SeededInitialization_IsReproducibleAndSeedDependent()
    {
        var a = Mlp(5).GetParameterValues();
        var b = Mlp(5).GetParameterValues();
        var c = Mlp(6).GetParameterValues();
        Assert.Equal(a.Flatten(), b.Flatten());
        Assert.NotEqual(a.Flatten(), c.Flatten());
        var f32 = Mlp(5, DType.Float32).GetParameterValues();
        Assert.Equal(DType.Float32, f32["dense/kernel"].DType);
        Assert.Equal(a["dense/kernel"].ToArray().Select(v => (double)(float)v), f32["dense/kernel"].ToArray());
    }

    [Fact]
    public void Initializers_RespectTheirBounds()
    {
        double glorot = Math.Sqrt(6.0 / (30 + 20));
        double he = Math.Sqrt(6.0 / 30);
        var g = new Dense(30, 20, seed: 1).Kernel.Value.ToArray();
        var h = new Dense(30, 20, initializer: Initializer.HeUniform, seed: 1).Kernel.Value.ToArray();
        var n = new Dense(300, 200, initializer: Initializer.HeNormal, seed: 1).Kernel.Value.ToArray();
        Assert.All(g, v => Assert.InRange(v, -glorot, glorot));
        Assert.True(g.Max() > 0.8 * glorot && g.Min() < -0.8 * glorot);
        Assert.All(h, v => Assert.InRange(v, -he, he));
        Assert.True(h.Max() > 0.8 * glorot * 1.2);
        double variance = n.Select(v => v * v).Average();
        Assert.InRange(variance, 0.9 * 2.0 / 300, 1.1 * 2.0 / 300);
        Assert.All(new Dense(3, 2, initializer: Initializer.Zeros).Kernel.Value.ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Sequential_Gradient_PassesGradCheck()
    {
        var model = Mlp(2);
        var x = Tensor.RandomNormal([6, 4], 11);
        var start = model.GetParameterValues();
        var r = GradCheck.Check(flat => (model.ForwardWith(Split(start, flat), x).Square()).Mean(), Tensor.FromArray(start.Flatten()), order: 2);
        Assert.True(r.Passed, r.Message);
        Assert.Equal(start.Flatten(), model.GetParameterValues().Flatten());
    }

    [Fact]
    public void Activations_MatchClosedForms()
    {
        var x = Tensor.FromArray([-2.0, -0.5, 0.0, 0.7, 3.0]);
        double[] xs = x.ToArray();
        Assert.Equal(xs.Select(v => Math.Max(v, 0)), Activation.Apply(ActivationFunction.Relu, x).ToArray());
        Assert.Equal(xs.Select(Math.Tanh).ToArray(), Activation.Apply(ActivationFunction.Tanh, x).ToArray(), new Tolerance(1e-15));
        Assert.Equal(xs.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), Activation.Apply(ActivationFunction.Sigmoid, x).ToArray(), new Tolerance(1e-15));
        Assert.Equal(xs.Select(v => Math.Log(1 + Math.Exp(v))).ToArray(), Activation.Apply(ActivationFunction.Softplus, x).ToArray(), new Tolerance(1e-14));
        // GELU (tanh form) against the formula evaluated by Python's math module, and within 5e-4 of the exact x·Φ(x).
        double[] gelu = [-0.04540230591222494, -0.15428599017485606, 0.0, 0.5305701347051167, 2.996362607918227];
        double[] exact = [-0.04550026389635842, -0.15426876936299344, 0.0, 0.5306254434438489, 2.99595030590511];
        var g = Activation.Apply(ActivationFunction.Gelu, x).ToArray();
        Assert.Equal(gelu, g, new Tolerance(1e-14));
        Assert.Equal(exact, g, new Tolerance(5e-4));
        foreach (var f in Enum.GetValues<ActivationFunction>())
        {
            var r = GradCheck.Check(t => Activation.Apply(f, t).Sum(), Tensor.FromArray([-1.3, -0.2, 0.4, 2.1]), order: 2);
            Assert.True(r.Passed, $"{f}: {r.Message}");
        }
    }

    [Fact]
    public void Dropout_ActiveOnlyInTraining_AndSeeded()
    {
        var x = Tensor.Ones([1000]);
        var d = new Dropout(0.25, seed: 9);
        Assert.Equal(x.ToArray(), d.Forward(x).ToArray());
        d.Training = true;
        var y = d.Forward(x).ToArray();
        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - (1 / 0.75)) < 1e-12));
        Assert.InRange(y.Count(v => v == 0), 200, 300);
        var again = new Dropout(0.25, seed: 9) { Training = true };
        Assert.Equal(y, again.Forward(x).ToArray());
        var model = new Sequential(new Dense(2, 2, seed: 1), new Dropout(0.5, seed: 1)) { Training = true };
        Assert.True(model.Layers[1].Training);
        model.Training = false;
        Assert.False(model.Layers[1].Training);
    }

    [Fact]
    public void LayerNorm_NormalizesLastAxis()
    {
        var x = Tensor.FromArray([1.0, 2, 3, 4, -1, 0, 5, 10], [2, 4]);
        var y = new LayerNorm(4, epsilon: 0).Forward(x).ToArray();
        for (int r = 0; r < 2; r++)
        {
            var row = y.Skip(4 * r).Take(4).ToArray();
            Assert.Equal(0.0, row.Average(), 12);
            Assert.Equal(1.0, row.Select(v => v * v).Average(), 12);
        }
    }

    [Fact]
    public void UserModule_RegistersParametersAndSubmodules()
    {
        var m = new Residual(3, seed: 4);
        Assert.Equal(["scale", "inner/kernel", "inner/bias"], m.NamedParameters().Select(p => p.Key));
        var x = Tensor.RandomNormal([2, 3], 1);
        Assert.Equal(new Shape(2, 3), m.Forward(x).Shape);
        var start = m.GetParameterValues();
        var r = GradCheck.Check(flat => m.ForwardWith(Split(start, flat), x).Sum(), Tensor.FromArray(start.Flatten()));
        Assert.True(r.Passed, r.Message);
        Assert.Throws<ArgumentException>(() => new BadModule());
    }

    [Fact]
    public void Summary_ListsLayersShapesAndTotals()
    {
        var model = new Sequential(new Dense(4, 1, useBias: false, seed: 1));
        string s = model.Summary(4);
        Assert.Contains("Model: \"sequential\"", s, StringComparison.Ordinal);
        Assert.Contains(" dense (Dense)               (None, 1)                 4", s, StringComparison.Ordinal);
        Assert.Contains("Total params: 4", s, StringComparison.Ordinal);
        Assert.Contains("Trainable params: 4", s, StringComparison.Ordinal);
        Assert.Contains("Non-trainable params: 0", s, StringComparison.Ordinal);
        var big = new Sequential(new Dense(32, 64, ActivationFunction.Tanh, seed: 1), new Dense(64, 64, seed: 2), new Dense(64, 1, seed: 3));
        string b = big.Summary(32);
        Assert.Contains("dense_1 (Dense)", b, StringComparison.Ordinal);
        Assert.Contains("(None, 64)", b, StringComparison.Ordinal);
        Assert.Contains("Total params: 6,337", b, StringComparison.Ordinal);
        Assert.Contains("?", new Sequential(new Dense(2, 2, seed: 1)).Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void SetParameterValues_ChecksNamesAndShapes_AndConvertsDType()
    {
        var model = new Sequential(new Dense(2, 1, seed: 1, dtype: DType.Float32));
        model.SetParameterValues(new Variables { ["dense/kernel"] = Tensor.FromArray([1.0, 2.0], [2, 1]) });
        Assert.Equal(DType.Float32, model.Parameters()[0].Value.DType);
        Assert.Equal([1.0, 2.0], model.Parameters()[0].Value.ToArray());
        Assert.Throws<ArgumentException>(() => model.SetParameterValues(new Variables { ["dense/nope"] = Tensor.Zeros([1]) }));
        Assert.Throws<ArgumentException>(() => model.SetParameterValues(new Variables { ["dense/bias"] = Tensor.Zeros([2]) }));
        model.To(DType.Float64);
        Assert.Equal(DType.Float64, model.DType);
    }

    internal static Variables Split(Variables layout, Tensor flat)
    {
        var v = new Variables();
        foreach (var name in layout.Names)
        {
            int off = layout.OffsetOf(name);
            var t = layout[name];
            v[name] = flat[off..(off + t.Size)].Reshape(t.Shape);
        }

        return v;
    }

    private sealed class Residual : Module
    {
        private readonly Parameter _scale;
        private readonly Dense _inner;

        public Residual(int features, int seed)
        {
            _scale = RegisterParameter("scale", Tensor.Full([1], 0.5));
            _inner = RegisterModule("inner", new Dense(features, features, ActivationFunction.Tanh, seed: seed));
        }

        public override Tensor Forward(Tensor x) => x + (_scale.Value * _inner.Call(x));
    }

    private sealed class BadModule : Module
    {
        public BadModule()
        {
            RegisterParameter("w", Tensor.Zeros([1]));
            RegisterParameter("w", Tensor.Zeros([1]));
        }

        public override Tensor Forward(Tensor x) => x;
    }
}
