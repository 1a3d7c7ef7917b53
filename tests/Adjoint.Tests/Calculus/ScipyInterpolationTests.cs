using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus;

/// <summary>
/// Values of every interpolant, kind, end condition, extrapolation mode and derivative order (and of the grid
/// interpolator's methods and fill modes in 2-D and 3-D) against scipy 1.10
/// (interpolation_scipy.json, written by interpolation_scipy.py), at 1e-12 relative in float64.
/// </summary>
public class ScipyInterpolationTests
{
    public static TheoryData<string> Interp1dCases => ScipyInterpolationCase.Names("interp1d");

    public static TheoryData<string> CubicSplineCases => ScipyInterpolationCase.Names("cubic");

    public static TheoryData<string> PchipCases => ScipyInterpolationCase.Names("pchip");

    public static TheoryData<string> AkimaCases => ScipyInterpolationCase.Names("akima");

    [Theory]
    [MemberData(nameof(Interp1dCases))]
    public void Interp1d_MatchesScipy(string name) => Check(name);

    [Theory]
    [MemberData(nameof(CubicSplineCases))]
    public void CubicSpline_MatchesScipy(string name) => Check(name);

    [Theory]
    [MemberData(nameof(PchipCases))]
    public void Pchip_MatchesScipy(string name) => Check(name);

    [Theory]
    [MemberData(nameof(AkimaCases))]
    public void Akima_MatchesScipy(string name) => Check(name);

    public static TheoryData<string> IntegralCases => ScipyInterpolationCase.Names("integrate");

    [Theory]
    [MemberData(nameof(IntegralCases))]
    public void Integrate_MatchesScipy(string name) => Check(name);

    public static TheoryData<string> GridCases => ScipyInterpolationCase.Names("rgi");

    [Theory]
    [MemberData(nameof(GridCases))]
    public void RegularGridInterpolator_MatchesScipy(string name) => Check(name);

    [Fact]
    public void ReferenceFile_CoversEveryFamily()
    {
        var all = ScipyInterpolationCase.All.Values;
        Assert.True(all.Count(c => c.Type == "interp1d") >= 7 * 7, "interp1d cases");
        Assert.True(all.Count(c => c.Type == "cubic") >= 80, "CubicSpline cases");
        Assert.Contains(all, c => c.Type == "pchip" && c.YShape.Length == 2);
        Assert.Contains(all, c => c.Type == "akima" && c.YShape.Length == 2);
        Assert.True(all.Count(c => c.Type == "rgi") >= 25, "RegularGridInterpolator cases");
    }

    private static void Check(string name)
    {
        var c = ScipyInterpolationCase.All[name];
        var f = c.Build(c.YTensor());
        var actual = f(Tensor.FromArray(c.Queries, c.Type == "integrate" ? new Shape(c.Queries.Length) : c.QueryShape));
        Assert.Equal(new Shape(c.ExpectedShape), actual.Shape);
        var a = actual.ToArray();
        double scale = 0;
        foreach (double e in c.Expected)
        {
            if (double.IsFinite(e))
            {
                scale = Math.Max(scale, Math.Abs(e));
            }
        }

        // 1e-12 relative to each value, with an absolute floor of 1e-13 of the case's largest value for entries near zero.
        for (int i = 0; i < a.Length; i++)
        {
            double e = c.Expected[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(a[i]) : Math.Abs(a[i] - e) <= (1e-12 * Math.Abs(e)) + (1e-13 * scale);
            Assert.True(ok, string.Create(CultureInfo.InvariantCulture, $"{name}: entry {i}: scipy {e:R}, got {a[i]:R} (difference {a[i] - e:G3})."));
        }
    }
}
