using Adjoint.Autodiff;
using Adjoint.Autodiff.Replay;
using Adjoint.Spectral;
using Adjoint.Tensors;

namespace Adjoint.Tests.Spectral;

/// <summary>
/// Multi-axis transforms (inner-axis batches, Bluestein lengths, crops and pads) recorded with their create-graph
/// gradient at one point and replayed at another give bit for bit what the tensor operations give there.
/// </summary>
/// <remarks>
/// The nonlinear parts are products and powers: the gradients of sin and tanh were seen to change in the last bit
/// between the JIT's first and optimized compilations of the elementwise kernels, which would make the first test of a
/// run compare code of two tiers.
/// </remarks>
public class FftReplayTests
{
    public static TheoryData<string> Functions() => [.. s_functions.Keys];

    private static readonly Dictionary<string, Func<Tensor, Tensor>> s_functions = new()
    {
        // x has 24 entries.
        ["fft2 inner axis"] = x => ComplexTensor.SquaredMagnitude(Fft.Forward2D(x.Reshape(4, 3, 2))),
        ["fftn with padding to a Bluestein length"] = x => Fft.ForwardN(x.Reshape(2, 6, 2), [37, 6], [1, 0]).Square() * Fft.ForwardN(x.Reshape(2, 6, 2), [37, 6], [1, 0]),
        ["rfftn and irfftn"] = x => Fft.RealInverseN(Fft.RealForwardN(x.Reshape(2, 3, 4), axes: [0, 2]).Square(), [2, 4], [0, 2]),
        ["rfft along an inner axis, ortho"] = x => Fft.RealForward(x.Reshape(6, 4), axis: 0, norm: FftNorm.Ortho).Pow(3),
        ["ifft crop then shift"] = x => Fft.Shift(Fft.Inverse(x.Reshape(12, 2), n: 7, norm: FftNorm.Forward)).Square(),
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void Replays_bit_for_bit_in_both_dtypes(string name)
    {
        var p0 = Enumerable.Range(0, 24).Select(k => Math.Sin(0.9 * k) + 0.2).ToArray();
        var p1 = p0.Select((v, k) => v + (0.3 * Math.Cos(k))).ToArray();
        var f = s_functions[name];
        AssertReplays<double>(f, p0, p1, name);
        AssertReplays<float>(f, p0, p1, name);
    }

    private static void AssertReplays<T>(Func<Tensor, Tensor> f, double[] p0, double[] p1, string name)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var dtype = typeof(T) == typeof(double) ? DType.Float64 : DType.Float32;
        var weights = Enumerable.Range(0, 4096).Select(i => 0.5 + (0.25 * (i % 5))).ToArray();
        Tensor Objective(Tensor x)
        {
            var y = f(x);
            return (y * Tensor.FromArray(weights.AsSpan(0, y.Size), y.Shape, y.DType)).Sum();
        }

        T[] value, gradient;
        using (TensorScope.Begin())
        using (EvaluationPrecision.Begin(dtype))
        {
            var tape = Tape.Enter();
            ReplayProgram<T>? program = null;
            try
            {
                var x = tape.Watch(Tensor.FromArray(p0, new Shape(p0.Length), dtype));
                var y = Objective(x);
                var g = tape.Gradient(y, [x], null, createGraph: true)[0];
                program = ReplayProgram<T>.TryCreate(tape, [x], y, g, uniformRows: false, out var blocker);
                Assert.True(program is not null, $"{name} ({dtype}): not replayed ({blocker}).");
                for (int i = 0; i < p1.Length; i++)
                {
                    program.Source[i] = T.CreateTruncating(p1[i]);
                }

                program.RunForward();
                program.RunBackward();
                value = program.Output.ToArray();
                gradient = program.Gradient.ToArray();
            }
            finally
            {
                program?.Release();
                tape.Exit();
            }
        }

        using (TensorScope.Begin())
        using (EvaluationPrecision.Begin(dtype))
        {
            var tape = Tape.Enter();
            try
            {
                var x = tape.Watch(Tensor.FromArray(p1, new Shape(p1.Length), dtype));
                var y = Objective(x);
                var g = tape.Gradient(y, [x], null, createGraph: true)[0];
                Assert.Equal(y.ToArray().Select(v => T.CreateTruncating(v)), value);
                Assert.Equal(g.ToArray().Select(v => T.CreateTruncating(v)), gradient);
            }
            finally
            {
                tape.Exit();
            }
        }
    }
}
