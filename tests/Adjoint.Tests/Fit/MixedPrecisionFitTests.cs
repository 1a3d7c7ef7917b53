using Adjoint.Fit;
using Adjoint.Tensors;

namespace Adjoint.Tests.Fit;

public class MixedPrecisionFitTests
{
    [Fact]
    public void Float32LeastSquares_CapturedFloat64Data_NeedsNoCasts()
    {
        var t = Tensor.FromArray([0.0, 1, 2, 3, 4]);
        var y = Tensor.FromArray([2.0, 1.2131, 0.7358, 0.4463, 0.2707]);
        var r = LeastSquares.Solve(p => (p[0] * Tensor.Exp(-p[1] * t)) - y, [1.0, 1.0], new LeastSquaresOptions { Precision = DType.Float32 });
        Assert.True(r.Success, r.Message);
        Assert.Equal(2.0, r.X[0], 2);
        Assert.Equal(0.5, r.X[1], 2);
    }
}
