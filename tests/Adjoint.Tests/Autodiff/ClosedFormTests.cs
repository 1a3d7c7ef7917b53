using Adjoint.Autodiff;
using Adjoint.Tensors;
using Adjoint.Tests.Tensors;

namespace Adjoint.Tests.Autodiff;

/// <summary>
/// Derivatives compared with formulas derived by hand: the extended Rosenbrock function, a small tanh network with
/// backpropagation written in plain loops, a vector function's Jacobian, the product identities of Jvp, Vjp and
/// Hvp, nested differentiation of a polynomial, and the round trip of named variables.
/// </summary>
public class ClosedFormTests
{
    // ---- extended Rosenbrock: f(x) = sum_i 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 ------------------------------

    private static Tensor Rosenbrock(Tensor x) =>
        ((100 * (x[1..] - x[..^1].Square()).Square()) + (1 - x[..^1]).Square()).Sum();

    private static double RosenbrockValue(double[] x)
    {
        double f = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            f += (100 * Math.Pow(x[i + 1] - (x[i] * x[i]), 2)) + Math.Pow(1 - x[i], 2);
        }

        return f;
    }

    private static double[] RosenbrockGradient(double[] x)
    {
        int n = x.Length;
        var g = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (i < n - 1)
            {
                g[i] += (-400 * x[i] * (x[i + 1] - (x[i] * x[i]))) - (2 * (1 - x[i]));
            }

            if (i > 0)
            {
                g[i] += 200 * (x[i] - (x[i - 1] * x[i - 1]));
            }
        }

        return g;
    }

    private static double[] RosenbrockHessian(double[] x)
    {
        int n = x.Length;
        var h = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            if (i < n - 1)
            {
                h[(i * n) + i] += 2 - (400 * (x[i + 1] - (x[i] * x[i]))) + (800 * x[i] * x[i]);
                h[(i * n) + i + 1] = -400 * x[i];
                h[((i + 1) * n) + i] = -400 * x[i];
            }

            if (i > 0)
            {
                h[(i * n) + i] += 200;
            }
        }

        return h;
    }

    public static TheoryData<double[]> RosenbrockPoints => new()
    {
        new[] { -1.2, 1.0 },
        new[] { 1.0, 1.0 },
        new[] { 0.0, 0.0 },
        new[] { 2.5, -0.7 },
        new[] { -1.2, 1.0, -1.2, 1.0, -1.2 },
        new[] { 1.0, 1.0, 1.0, 1.0, 1.0 },
        new[] { 0.3, -0.4, 1.7, 0.2, -2.1 },
    };

    [Theory]
    [MemberData(nameof(RosenbrockPoints))]
    public void Rosenbrock_GradientAndHessian_MatchHandDerivedFormulas(double[] point)
    {
        int n = point.Length;
        var x = Tensor.FromArray(point);
        var (value, gradient) = Grad.ValueAndGrad(Rosenbrock, x);
        TensorAssert.Close([RosenbrockValue(point)], [value.Item()], 1e-14, 1e-14, "value");
        TensorAssert.Close(gradient, [n], RosenbrockGradient(point), 1e-13, 1e-12, "gradient");

        var hessian = Grad.Hessian(Rosenbrock, x);
        TensorAssert.Close(hessian, [n, n], RosenbrockHessian(point), 1e-13, 1e-12, "Hessian");

        var buffer = new double[n];
        double fastValue = Grad.ValueAndGrad(Rosenbrock, x, buffer);
        Assert.Equal(value.Item(), fastValue);
        TensorAssert.Close(gradient.ToArray(), buffer, 0, 0, "span gradient");
    }

    [Fact]
    public void Rosenbrock_DocumentedStartingPoint_HasDocumentedValueAndGradient()
    {
        var (f, g) = Grad.ValueAndGrad(Rosenbrock, Tensor.FromArray([-1.2, 1.0]));
        Assert.Equal(24.2, f.Item(), 12);
        TensorAssert.Close(g, [2], [-215.6, -88.0], 1e-13, 1e-12);
    }

    [Fact]
    public void Hessian_NonQuadraticFunction_IsSymmetric()
    {
        var x = Tensor.FromArray([0.3, -0.4, 1.7, 0.2, -2.1]);
        static Tensor F(Tensor z) =>
            Rosenbrock(z) + Tensor.LogSumExp(Tensor.Sin(z) * z[TensorIndex.Step(null, null, -1)]) + Tensor.Prod(Tensor.Tanh(z) + 2);
        var h = Grad.Hessian(F, x);
        Assert.Equal(new Shape(5, 5), h.Shape);
        for (int i = 0; i < 5; i++)
        {
            for (int j = 0; j < i; j++)
            {
                Assert.Equal(h.GetValue(i, j), h.GetValue(j, i), 10);
            }
        }

        Assert.True(GradCheck.Check(F, x, order: 2).Passed);
    }

    // ---- a 4-5-1 tanh network with mean squared error ------------------------------------------------------------

    [Fact]
    public void Mlp_TanhTwoLayerMse_GradientMatchesHandWrittenBackprop()
    {
        const int batch = 6, nIn = 4, nHidden = 5;
        var xData = Tensor.RandomNormal([batch, nIn], seed: 1);
        var yData = Tensor.RandomNormal([batch], seed: 2);
        var parameters = new Variables
        {
            ["W1"] = Tensor.RandomNormal([nIn, nHidden], seed: 3, std: 0.5),
            ["b1"] = Tensor.RandomNormal([nHidden], seed: 4, std: 0.1),
            ["W2"] = Tensor.RandomNormal([nHidden, 1], seed: 5, std: 0.5),
            ["b2"] = Tensor.RandomNormal([1], seed: 6, std: 0.1),
        };

        Tensor Loss(Variables p)
        {
            var hidden = Tensor.Tanh(xData.MatMul(p["W1"]) + p["b1"]);
            var prediction = (hidden.MatMul(p["W2"]) + p["b2"]).Squeeze(-1);
            return Tensor.Mean(Tensor.Square(prediction - yData));
        }

        var (loss, grads) = Grad.ValueAndGrad(Loss, parameters);

        // Hand-written forward and backward passes in plain loops.
        double[] x = xData.ToArray(), y = yData.ToArray();
        double[] w1 = parameters["W1"].ToArray(), b1 = parameters["b1"].ToArray(), w2 = parameters["W2"].ToArray();
        double b2 = parameters["b2"].Item();
        var h = new double[batch * nHidden];
        var err = new double[batch];
        double expectedLoss = 0;
        for (int s = 0; s < batch; s++)
        {
            double output = b2;
            for (int j = 0; j < nHidden; j++)
            {
                double z = b1[j];
                for (int i = 0; i < nIn; i++)
                {
                    z += x[(s * nIn) + i] * w1[(i * nHidden) + j];
                }

                h[(s * nHidden) + j] = Math.Tanh(z);
                output += h[(s * nHidden) + j] * w2[j];
            }

            err[s] = output - y[s];
            expectedLoss += err[s] * err[s] / batch;
        }

        var gW1 = new double[nIn * nHidden];
        var gB1 = new double[nHidden];
        var gW2 = new double[nHidden];
        double gB2 = 0;
        for (int s = 0; s < batch; s++)
        {
            double dOut = 2 * err[s] / batch;
            gB2 += dOut;
            for (int j = 0; j < nHidden; j++)
            {
                double hj = h[(s * nHidden) + j];
                gW2[j] += dOut * hj;
                double dz = dOut * w2[j] * (1 - (hj * hj));
                gB1[j] += dz;
                for (int i = 0; i < nIn; i++)
                {
                    gW1[(i * nHidden) + j] += dz * x[(s * nIn) + i];
                }
            }
        }

        TensorAssert.Close([expectedLoss], [loss.Item()], 1e-13, 1e-14, "loss");
        Assert.Equal(["W1", "b1", "W2", "b2"], grads.Names);
        TensorAssert.Close(grads["W1"], [nIn, nHidden], gW1, 1e-12, 1e-14, "dW1");
        TensorAssert.Close(grads["b1"], [nHidden], gB1, 1e-12, 1e-14, "db1");
        TensorAssert.Close(grads["W2"], [nHidden, 1], gW2, 1e-12, 1e-14, "dW2");
        TensorAssert.Close(grads["b2"], [1], [gB2], 1e-12, 1e-14, "db2");
    }

    // ---- Jacobian and the product identities ---------------------------------------------------------------------

    /// <summary>f(x) = (x0^2 x1, 5 x0 + sin x1, x2 e^x0, x1 x2), from R^3 to R^4.</summary>
    private static Tensor VectorFunction(Tensor x) => Tensor.Stack(
    [
        x[0].Square() * x[1],
        (5 * x[0]) + Tensor.Sin(x[1]),
        x[2] * Tensor.Exp(x[0]),
        x[1] * x[2],
    ]);

    private static double[] VectorFunctionJacobian(double[] x) =>
    [
        2 * x[0] * x[1], x[0] * x[0], 0,
        5, Math.Cos(x[1]), 0,
        x[2] * Math.Exp(x[0]), 0, Math.Exp(x[0]),
        0, x[2], x[1],
    ];

    [Fact]
    public void Jacobian_VectorFunction_MatchesAnalytic()
    {
        double[] point = [0.7, -1.3, 2.1];
        var j = Grad.Jacobian(VectorFunction, Tensor.FromArray(point));
        TensorAssert.Close(j, [4, 3], VectorFunctionJacobian(point), 1e-14, 1e-14);
    }

    [Fact]
    public void JvpAndVjp_VectorFunction_EqualJacobianProducts()
    {
        double[] point = [0.7, -1.3, 2.1];
        double[] v = [0.5, -2.0, 1.5];
        double[] u = [1.0, -0.5, 0.25, 3.0];
        var jac = VectorFunctionJacobian(point);
        var x = Tensor.FromArray(point);

        var jv = Grad.Jvp(VectorFunction, x, Tensor.FromArray(v));
        var expectedJv = new double[4];
        for (int i = 0; i < 4; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                expectedJv[i] += jac[(i * 3) + k] * v[k];
            }
        }

        TensorAssert.Close(jv, [4], expectedJv, 1e-13, 1e-14, "Jv");

        var uj = Grad.Vjp(VectorFunction, x, Tensor.FromArray(u));
        var expectedUj = new double[3];
        for (int k = 0; k < 3; k++)
        {
            for (int i = 0; i < 4; i++)
            {
                expectedUj[k] += u[i] * jac[(i * 3) + k];
            }
        }

        TensorAssert.Close(uj, [3], expectedUj, 1e-13, 1e-14, "u^T J");
    }

    [Fact]
    public void Hvp_Rosenbrock_EqualsHessianTimesVector()
    {
        double[] point = [0.3, -0.4, 1.7, 0.2, -2.1];
        double[] v = [1.0, -2.0, 0.5, 0.0, 3.0];
        var h = RosenbrockHessian(point);
        var expected = new double[5];
        for (int i = 0; i < 5; i++)
        {
            for (int k = 0; k < 5; k++)
            {
                expected[i] += h[(i * 5) + k] * v[k];
            }
        }

        var hv = Grad.Hvp(Rosenbrock, Tensor.FromArray(point), Tensor.FromArray(v));
        TensorAssert.Close(hv, [5], expected, 1e-13, 1e-12);
    }

    [Fact]
    public void Jacobian_MatrixInput_HasOutputShapeThenInputShape()
    {
        var m = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var j = Grad.Jacobian(z => z.Sum(0), m);
        Assert.Equal(new Shape(3, 2, 3), j.Shape);
        // d(sum over rows)_c / dm[r, c'] = [c == c'].
        for (int c = 0; c < 3; c++)
        {
            for (int r = 0; r < 2; r++)
            {
                for (int c2 = 0; c2 < 3; c2++)
                {
                    Assert.Equal(c == c2 ? 1.0 : 0.0, j.GetValue(c, r, c2));
                }
            }
        }
    }

    [Fact]
    public void Hessian_MatrixInput_HasInputShapeTwiceAndMatchesAnalytic()
    {
        // f(M) = sum(M^2) + M[0, 1] M[1, 2]: H = 2 I plus the symmetric cross term.
        var m = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var h = Grad.Hessian(z => z.Square().Sum() + (z[0, 1] * z[1, 2]), m);
        Assert.Equal(new Shape(2, 3, 2, 3), h.Shape);
        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                double expected = (i == j ? 2 : 0) + ((i, j) is (1, 5) or (5, 1) ? 1 : 0);
                Assert.Equal(expected, h.GetValue(i / 3, i % 3, j / 3, j % 3));
            }
        }
    }

    [Fact]
    public void Hessian_Float32Input_IsFloat32AndMatchesFloat64()
    {
        double[] point = [0.3, -0.4, 1.7, 0.2, -2.1];
        var h64 = Grad.Hessian(Rosenbrock, Tensor.FromArray(point));
        var h32 = Grad.Hessian(Rosenbrock, Tensor.FromArray(point).To(DType.Float32));
        Assert.Equal(DType.Float32, h32.DType);
        Assert.True(TensorAssert.RelativeError(h32.ToArray(), h64.ToArray()) < 1e-5);
    }

    [Fact]
    public void JacobianJvpHvp_CalledInsideDifferentiation_StayDifferentiable()
    {
        var x = Tensor.FromArray([0.5, -1.0, 2.0]);
        var v = Tensor.FromArray([1.0, 2.0, -1.0]);
        static Tensor Cube(Tensor z) => Tensor.Pow(z, 3.0);

        // sum(J) for the elementwise cube is sum(3 x^2): gradient 6x.
        var gJ = Grad.Gradient(z => Grad.Jacobian(Cube, z).Sum(), x);
        TensorAssert.Close(gJ, [3], [3, -6, 12], 1e-14, 1e-14, "d sum(J)");

        // sum(J v) = sum(3 x^2 v): gradient 6 x v.
        var gJv = Grad.Gradient(z => Grad.Jvp(Cube, z, v).Sum(), x);
        TensorAssert.Close(gJv, [3], [3, -12, -12], 1e-14, 1e-14, "d sum(Jv)");

        // For f = sum(x^4), H v = 12 x^2 v and sum(H v) has gradient 24 x v.
        var gHv = Grad.Gradient(z => Grad.Hvp(y => Tensor.Pow(y, 4.0).Sum(), z, v).Sum(), x);
        TensorAssert.Close(gHv, [3], [12, -48, -48], 1e-13, 1e-13, "d sum(Hv)");

        // sum(u^T J) through Vjp: sum(3 x^2 u) with u = v, gradient 6 x v.
        var gVjp = Grad.Gradient(z => Grad.Vjp(Cube, z, v).Sum(), x);
        TensorAssert.Close(gVjp, [3], [3, -12, -12], 1e-14, 1e-14, "d sum(u^T J)");
    }

    [Fact]
    public void GradientTape_CreateGraph_GivesSecondDerivative()
    {
        using var tape = GradientTape.Begin();
        var x = tape.Watch(Tensor.FromArray([1.0, 2.0]));
        var y = (Tensor.Pow(x, 3.0) * 2).Sum();
        var g = tape.Gradient(y, [x], null, createGraph: true)[0]; // 6 x^2
        TensorAssert.Close(g, [2], [6, 24]);
        var h = tape.Gradient(g.Sum(), x); // 12 x
        TensorAssert.Close(h, [2], [12, 24]);
        var unrelated = tape.Watch(Tensor.Ones([3]));
        TensorAssert.Close(tape.Gradient(y, unrelated), [3], [0, 0, 0]);
    }

    // ---- nested differentiation ----------------------------------------------------------------------------------

    /// <summary>p(x) = x^4 - 3x^3 + 2x; p'''(x) = 24x - 18.</summary>
    private static Tensor Polynomial(Tensor x) => Tensor.Pow(x, 4.0) - (3 * Tensor.Pow(x, 3.0)) + (2 * x);

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.0)]
    [InlineData(0.75)]
    [InlineData(2.0)]
    public void NestedGradient_Polynomial_GivesThirdDerivative(double at)
    {
        var x = Tensor.Scalar(at);
        var third = Grad.Gradient(Grad.Gradient(Grad.Gradient(Polynomial)))(x);
        Assert.Equal(24 * at - 18, third.Item(), 11);

        // The same, written as a function that itself calls Grad.Gradient.
        Tensor Second(Tensor z) => Grad.Gradient(y => Grad.Gradient(Polynomial, y), z);
        Assert.Equal((12 * at * at) - (18 * at), Second(x).Item(), 11);
        Assert.Equal(24 * at - 18, Grad.Gradient(Second, x).Item(), 11);
        Assert.Equal(24.0, Grad.Hessian(Second, x).Item(), 11);
    }

    [Fact]
    public void NestedGradient_InsideObjective_StaysDifferentiable()
    {
        // f(x) = |grad g(x)|^2 for g(x) = sum(x^3): grad g = 3x^2, f = 9 sum x^4, grad f = 36 x^3.
        var x = Tensor.FromArray([0.5, -1.0, 2.0]);
        Tensor F(Tensor z) => Grad.Gradient(y => Tensor.Pow(y, 3.0).Sum(), z).Square().Sum();
        var g = Grad.Gradient(F, x);
        TensorAssert.Close(g, [3], [36 * 0.125, -36.0, 36 * 8.0], 1e-13, 1e-13);
    }

    // ---- Variables -----------------------------------------------------------------------------------------------

    [Fact]
    public void Variables_FlattenUnflatten_RoundTripsNamesShapesDtypesAndValues()
    {
        var p = new Variables
        {
            ["U"] = Tensor.RandomNormal([3, 2], seed: 1),
            ["s"] = Tensor.Scalar(4.5),
            ["v"] = Tensor.FromArray(new float[] { 1.5f, -2.25f, 3 }),
        };

        Assert.Equal(3, p.Count);
        Assert.Equal(10, p.TotalSize);
        Assert.Equal(0, p.OffsetOf("U"));
        Assert.Equal(6, p.OffsetOf("s"));
        Assert.Equal(7, p.OffsetOf("v"));
        Assert.Equal("U (3, 2), s (), v (3,)", p.Describe());

        var flat = p.Flatten();
        Assert.Equal([.. p["U"].ToArray(), 4.5, 1.5, -2.25, 3.0], flat);
        var span = new double[10];
        p.FlattenInto(span);
        Assert.Equal(flat, span);

        var q = p.Unflatten(flat.Select(v => v * 2).ToArray());
        Assert.Equal(p.Names, q.Names);
        foreach (var name in p.Names)
        {
            Assert.Equal(p[name].Shape, q[name].Shape);
            Assert.Equal(p[name].DType, q[name].DType);
            TensorAssert.Close(p[name].ToArray().Select(v => v * 2).ToArray(), q[name].ToArray(), 0, 0, name);
        }

        Assert.Throws<ArgumentException>(() => p.Unflatten(new double[9]));
        Assert.Throws<KeyNotFoundException>(() => p["missing"]);
        Assert.Throws<ArgumentException>(() => p.Add("U", Tensor.Scalar(1)));
    }

    [Fact]
    public void ValueAndGrad_Variables_KeepsNamesShapesAndGivesPerNameGradients()
    {
        var p = new Variables
        {
            ["A"] = Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 } }),
            ["b"] = Tensor.FromArray([0.5, -1.0]),
            ["c"] = Tensor.Scalar(2.0),
        };

        // f = c * sum(A b)^2 ... written out: A b = (1*0.5 - 2, 3*0.5 - 4) = (-1.5, -2.5), s = sum = -4, f = c s^2 = 32.
        static Tensor F(Variables v) => v["c"] * Tensor.Square(v["A"].MatMul(v["b"]).Sum());
        var (value, grads) = Grad.ValueAndGrad(F, p);
        Assert.Equal(32.0, value.Item(), 12);
        Assert.Equal(["A", "b", "c"], grads.Names);
        // df/dA[i, j] = 2 c s b[j]; df/db[j] = 2 c s sum_i A[i, j]; df/dc = s^2.
        TensorAssert.Close(grads["A"], [2, 2], [-8, 16, -8, 16], 1e-14, 1e-14, "dA");
        TensorAssert.Close(grads["b"], [2], [-64, -96], 1e-14, 1e-14, "db");
        TensorAssert.Close(grads["c"], [], [16], 1e-14, 1e-14, "dc");

        // The flat gradient lines up with the flat parameters.
        Assert.Equal(p.TotalSize, grads.TotalSize);
        Assert.Equal(p.OffsetOf("c"), grads.OffsetOf("c"));
    }

    [Fact]
    public void GradCheck_WrongDerivative_IsReportedAsFailure()
    {
        // Detach hides one factor from autodiff: the automatic derivative of x * detach(x) is x, the true one 2x.
        var x = Tensor.FromArray([0.5, -1.5, 2.0]);
        var result = GradCheck.Check(z => z * z.Detach(), x);
        Assert.False(result.Passed);
        Assert.Contains("FAILED", result.Message, StringComparison.Ordinal);
        Assert.True(result.MaxRelativeError > 0.4);
    }

    // ---- power: the one-pass backward (a^b reused) against the closed forms, zeros included ----------------------

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void PowGradientsMatchClosedFormsIncludingZeroBase(DType dtype)
    {
        double[] a = [0, 0, 0.5, 2, 3, 1e-200];
        double[] b = [1, 2, 2.5, -1.5, 0.25, 2];
        var at = Tensor.FromArray(a).To(dtype);
        var bt = Tensor.FromArray(b).To(dtype);
        var grads = Grad.ValueAndGrad(v => Tensor.Pow(v[0], v[1]).Sum(), at, bt).Gradients;
        var da = grads[0].To(DType.Float64).ToArray();
        var db = grads[1].To(DType.Float64).ToArray();
        double tol = dtype == DType.Float64 ? 1e-14 : 1e-6;
        for (int i = 0; i < a.Length; i++)
        {
            if (dtype == DType.Float32 && a[i] == 1e-200)
            {
                continue; // 1e-200 is zero in float32
            }

            double expectA = b[i] * Math.Pow(a[i], b[i] - 1);
            double expectB = a[i] == 0 ? 0 : Math.Pow(a[i], b[i]) * Math.Log(a[i]);
            Assert.True(Math.Abs(da[i] - expectA) <= tol * Math.Max(1, Math.Abs(expectA)), $"d/da at a={a[i]}, b={b[i]}: {da[i]} vs {expectA}");
            if (!double.IsNaN(db[i]))
            {
                Assert.True(Math.Abs(db[i] - expectB) <= tol * Math.Max(1, Math.Abs(expectB)), $"d/db at a={a[i]}, b={b[i]}: {db[i]} vs {expectB}");
            }
        }

        // A scalar exponent broadcast against a vector sums its gradient; the scalar-exponent overload agrees.
        var x0 = Tensor.FromArray([0.0, 1.5, 4]).To(dtype);
        var gBroadcast = Grad.Gradient(x => Tensor.Pow(x, Tensor.FromArray([3.0]).To(dtype)).Sum(), x0).To(DType.Float64).ToArray();
        var gScalar = Grad.Gradient(x => Tensor.Pow(x, 3.0).Sum(), x0).To(DType.Float64).ToArray();
        double[] expect = [0, 3 * 1.5 * 1.5, 3 * 16];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expect[i], gBroadcast[i], tol * 50);
            Assert.Equal(expect[i], gScalar[i], tol * 50);
        }

        // Second derivatives still go through the recorded rule.
        var h = Grad.Hessian(x => Tensor.Pow(x, 3.0).Sum(), Tensor.FromArray([2.0]).To(dtype)).To(DType.Float64).ToArray();
        Assert.Equal(12, h[0], tol * 50);
    }
}
