using Adjoint.Tensors.Kernels;

namespace Adjoint.Tests.Tensors;

public class FreshMemoryTests
{
    [Fact]
    public void Doubles_LargeAndSmall_AreZeroAndFullLength()
    {
        foreach (int n in new[] { 0, 1, 1000, (4 << 20) / 8, 1_000_001 })
        {
            var a = FreshMemory.Doubles(n);
            Assert.Equal(n, a.Length);
            Assert.All(a, v => Assert.Equal(0.0, v));
        }
    }

    [Fact]
    public void Prepare_KeepsZeroContentsOfAnyElementType()
    {
        var f = new float[3_000_003];
        FreshMemory.Prepare(f);
        Assert.All(f, v => Assert.Equal(0f, v));
        var odd = new byte[(5 << 20) + 17];
        FreshMemory.Prepare(odd);
        Assert.Equal(0, odd.Max());
    }
}
