using Adjoint.Fit;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Adjoint.Tests.Fit;

/// <summary>The vectorized finiteness test the least-squares solvers apply to residuals and Jacobians.</summary>
public class FiniteCheckTests
{
    [Fact]
    public void A_single_nan_or_infinity_anywhere_is_found()
    {
        var gen =
            from length in Gen.Choose(1, 70)
            from position in Gen.Choose(0, 69)
            from kind in Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity)
            select (length, position % length, kind);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (length, position, bad) = c;
            var v = new double[length];
            for (int i = 0; i < length; i++)
            {
                v[i] = (i % 3 == 0 ? -1 : 1) * (i + 0.5) * 1e300;
            }

            Assert.True(LevenbergMarquardt.AllFinite(v));
            v[position] = bad;
            Assert.False(LevenbergMarquardt.AllFinite(v));
        }).Check(Config.QuickThrowOnFailure.WithQuietOnSuccess(true).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(0xF1_17E5UL, 0x5EEDUL), FSharpOption<int>.None))));
    }

    [Fact]
    public void An_empty_span_is_finite() => Assert.True(LevenbergMarquardt.AllFinite([]));
}
