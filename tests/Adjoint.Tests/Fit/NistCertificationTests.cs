using Adjoint.Fit;
using Adjoint.Tests.Fit.Nist;

namespace Adjoint.Tests.Fit;

/// <summary>
/// Certification on the 27 NIST StRD nonlinear regression datasets from both certified starts, lm, trf and dogbox.
/// The data are found through $ADJOINT_DATA or shared/data/nist-strd above the test assembly; when absent these tests
/// fail with a message saying where they looked. The full set (108 fits) takes a few seconds.
/// </summary>
public class NistCertificationTests
{
    /// <summary>
    /// Tight tolerances for the certification test: ftol = xtol = 1e-15, gtol = 0 (stop only when no relative progress
    /// above rounding is possible), plus the default two Gauss-Newton refinement steps.
    /// </summary>
    public static readonly CurveFitOptions Tight = new() { FunctionTolerance = 1e-15, StepTolerance = 1e-15, GradientTolerance = 0, MaxFunctionEvaluations = 100000 };

    /// <summary>
    /// Written exceptions at default tolerances, where scipy stopped at a luckier point: (dataset, start, method) -> reason.
    /// </summary>
    private static readonly Dictionary<(string, int, string), string> DefaultToleranceExceptions = new()
    {
        [("Rat43", 1, "dogbox")] = "scipy's 4.7 digits come from curve_fit's finite-difference Jacobian; with the exact Jacobian "
            + "scipy's dogbox also stops after 7 evaluations on the plateau where exp(b2 - b3 x) no longer matters and "
            + "b1 = mean(y) = 423.3 (bench/peers/rat43_dogbox_exact_jacobian.py), where this dogbox stops as well.",
    };

    /// <summary>Where each written exception stops: its first parameter (the plateau's b1).</summary>
    private static readonly Dictionary<(string, int, string), double> ExceptionFirstParameter = new()
    {
        [("Rat43", 1, "dogbox")] = 423.29533333333333,
    };

    /// <summary>
    /// Written exceptions to the tight-tolerance four-digit requirement: (dataset, start, method) -> reason.
    /// </summary>
    private static readonly Dictionary<(string, int, string), string> TightToleranceExceptions = new()
    {
        [("BoxBOD", 1, "lm")] = "From (1, 1) the first trust-region step (Delta0 = 100 ||D x0||) takes b2 past 100, where exp(-b2 x) "
            + "underflows relative to 1: the Jacobian column of b2 is ~1e-46 (below rounding against the other column) and f no "
            + "longer changes with b2, so the iteration stops on that plateau (b1 = 172.5 = mean(y)), as scipy's lm does. trf and "
            + "dogbox, whose first radius is ||x0||, reach 6+ digits.",
    };

    /// <summary>
    /// Dogbox at default tolerances, besides matching scipy's digits: lower and average difficulty need 4 digits,
    /// except these: (dataset, start) -> reason.
    /// </summary>
    private static readonly Dictionary<(string, int), string> DogboxExceptions = new()
    {
        [("ENSO", 1)] = "ENSO's cost is flat at ftol = 1e-8: every method stops near 3.5 digits (scipy lm 3.2, trf 2.9); tight tolerances give 6.9+.",
        [("ENSO", 2)] = "ENSO's cost is flat at ftol = 1e-8: every method stops near 3.5 digits (scipy lm 3.2, trf 2.9); tight tolerances give 6.9+.",
        [("MGH17", 1)] = "From start 1 the box-shaped region lets b2 and b3 grow together (b2 = -b3 = 141) into a valley where the "
            + "two exponentials cancel, a stationary point far from the certified one (scipy's lm fails from this start too); start 2 gives 8+ digits.",
    };

    public static TheoryData<string, int> DogboxFits()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in NistCatalog.Names)
        {
            data.Add(name, 1);
            data.Add(name, 2);
        }

        return data;
    }

    public static TheoryData<string, int, string> AllFits()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var name in NistCatalog.Names)
        {
            foreach (int start in new[] { 1, 2 })
            {
                data.Add(name, start, "lm");
                data.Add(name, start, "trf");
            }
        }

        return data;
    }

    /// <summary>Every fit with each method scipy's figures are kept for (lm and trf beside the data, dogbox in bench/peers).</summary>
    public static TheoryData<string, int, string> ScipyComparedFits()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var name in NistCatalog.Names)
        {
            foreach (int start in new[] { 1, 2 })
            {
                foreach (var method in new[] { "lm", "trf", "dogbox" })
                {
                    data.Add(name, start, method);
                }
            }
        }

        return data;
    }

    private static CurveFitOptions Defaults(string method) => new()
    {
        Method = method switch { "lm" => LeastSquaresMethod.Lm, "trf" => LeastSquaresMethod.Trf, _ => LeastSquaresMethod.Dogbox },
        MaxFunctionEvaluations = 100000,
    };

    [Theory]
    [MemberData(nameof(ScipyComparedFits))]
    public void DefaultTolerances_ParameterDigits_AtLeastScipys(string name, int start, string method)
    {
        var d = NistCatalog.Get(name);
        var (scipy, _) = NistCatalog.LoadScipy(method);
        var (fit, lp, _, _) = NistCatalog.FitAndScore(d, start, Defaults(method));
        Assert.NotNull(fit);
        double expected = scipy[(name, start)].Params;
        if (DefaultToleranceExceptions.TryGetValue((name, start, method), out var reason))
        {
            double b1 = ExceptionFirstParameter[(name, start, method)];
            Assert.True(Math.Abs(fit!.Parameters[0] - b1) <= 1e-6 * Math.Abs(b1), $"{name} start{start} {method}: b1 = {fit.Parameters[0]} ({reason})");
            return;
        }

        Assert.True(Math.Round(lp, 1) >= expected, $"{name} start{start} {method}: {lp:F1} parameter digits, scipy {expected:F1}. {fit!.Message}");
    }

    [Theory]
    [MemberData(nameof(AllFits))]
    public void TightTolerances_AllFits_AtLeastFourDigits(string name, int start, string method)
    {
        var d = NistCatalog.Get(name);
        var (fit, lp, _, _) = NistCatalog.FitAndScore(d, start, Tight with { Method = method == "lm" ? LeastSquaresMethod.Lm : LeastSquaresMethod.Trf });
        if (TightToleranceExceptions.TryGetValue((name, start, method), out var reason))
        {
            Assert.True(fit is not null, reason);
            return;
        }

        Assert.True(fit is { Success: true }, $"{name} start{start} {method}: {fit?.Message}");
        Assert.True(lp >= 4, $"{name} start{start} {method}: {lp:F1} parameter digits");
    }

    [Theory]
    [MemberData(nameof(DogboxFits))]
    public void Dogbox_DefaultTolerances_LowerAndAverage_FourDigits(string name, int start)
    {
        var d = NistCatalog.Get(name);
        var (fit, lp, _, _) = NistCatalog.FitAndScore(d, start, new CurveFitOptions { Method = LeastSquaresMethod.Dogbox, MaxFunctionEvaluations = 100000 });
        Assert.NotNull(fit);
        if (d.Difficulty == "higher")
        {
            return;
        }

        if (DogboxExceptions.TryGetValue((name, start), out var reason))
        {
            Assert.True(fit!.Parameters.All(double.IsFinite), reason);
            return;
        }

        Assert.True(fit!.Success, $"{name} start{start} dogbox: {fit.Message}");
        Assert.True(lp >= 4, $"{name} start{start} dogbox: {lp:F1} parameter digits");
    }

    [Theory]
    [MemberData(nameof(AllFits))]
    public void TightTolerances_LowerAndAverage_SixDigitsParametersFourStandardErrors(string name, int start, string method)
    {
        var d = NistCatalog.Get(name);
        if (d.Difficulty == "higher")
        {
            return;
        }

        var (_, lp, ls, lr) = NistCatalog.FitAndScore(d, start, Tight with { Method = method == "lm" ? LeastSquaresMethod.Lm : LeastSquaresMethod.Trf });
        Assert.True(lp >= 6, $"{name} start{start} {method}: {lp:F1} parameter digits");
        if (name == "Lanczos1")
        {
            // Lanczos1 is an exact fit (certified RSS 1.4e-25, from data rounded to 13 digits): its residuals, and so
            // s^2 and the standard errors, are rounding noise in double precision. NIST's values come from extended
            // precision; the parameters themselves reach 10+ digits. The RSS must still be at rounding level.
            // bench/peers/lanczos1_precision_floor.py: at the 50-digit optimum rounded to float64, a float64 evaluation
            // of the RSS has 3.2 correct digits (6.7 evaluated exactly), so about 3.5 for the standard errors is the ceiling.
            Assert.True(lr >= 2, $"Lanczos1 RSS digits {lr:F1}");
            return;
        }

        Assert.True(ls >= 4, $"{name} start{start} {method}: {ls:F1} standard-error digits");
    }

    [Fact]
    public void DataDirectory_IsFound()
    {
        var dir = NistCatalog.LocateDataDirectory();
        Assert.True(File.Exists(Path.Combine(dir, "scipy_lm.txt")), dir);
        Assert.Equal(27, NistCatalog.Datasets.Count);
    }

    [Fact]
    public void Models_AtCertifiedValues_ReproduceCertifiedRss()
    {
        foreach (var d in NistCatalog.Datasets)
        {
            var pred = d.Model(d.X, Adjoint.Tensors.Tensor.FromArray(d.CertifiedParams)).ToArray();
            double rss = pred.Select((p, i) => (d.Y[i] - p) * (d.Y[i] - p)).Sum();
            double lre = NistCatalog.Lre(rss, d.CertifiedRss);
            Assert.True(d.Name == "Lanczos1" ? rss < 1e-20 : lre >= 6, $"{d.Name}: RSS {rss} vs certified {d.CertifiedRss}");
        }
    }
}
