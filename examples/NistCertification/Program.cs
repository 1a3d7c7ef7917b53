// Fits the 27 NIST StRD nonlinear regression datasets from both certified starts with lm and trf and prints the
// log relative error (LRE, correct significant digits) of the parameters, standard errors and residual sum of
// squares beside scipy's figures, with the total time of all 54 fits per method.
//
//   dotnet run -c Release --project examples/NistCertification [-- tight]
//
// "tight" uses ftol = xtol = 1e-15, gtol = 0 instead of scipy's defaults (1e-8).
using System.Diagnostics;
using System.Globalization;
using Adjoint.Fit;
using Adjoint.Tests.Fit.Nist;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
bool tight = args.Contains("tight");
if (args.Contains("profile"))
{
    Profile.Run();
    return;
}

var data = NistCatalog.Datasets;
foreach (var method in new[] { LeastSquaresMethod.Lm, LeastSquaresMethod.Trf })
{
    string key = method == LeastSquaresMethod.Lm ? "lm" : "trf";
    var (scipy, scipyTotal) = NistCatalog.LoadScipy(key);
    var options = new CurveFitOptions { Method = method, MaxFunctionEvaluations = 100000 };
    if (tight)
    {
        options = options with { FunctionTolerance = 1e-15, StepTolerance = 1e-15, GradientTolerance = 0 };
    }

    // Warm-up pass (JIT), then the timed pass.
    foreach (var d in data)
    {
        NistCatalog.FitAndScore(d, 1, options);
    }

    var rows = new List<string>();
    int ok = 0, scipyOk = 0, notWorse = 0;
    var total = Stopwatch.StartNew();
    var results = new List<(NistDataset D, int Start, double P, double S, double R, int Nfev)>();
    foreach (var d in data)
    {
        foreach (int start in new[] { 1, 2 })
        {
            var (fit, lp, ls, lr) = NistCatalog.FitAndScore(d, start, options);
            results.Add((d, start, lp, ls, lr, fit?.Nfev ?? 0));
        }
    }

    total.Stop();
    Console.WriteLine($"# Adjoint CurveFit method={key}{(tight ? " (tight: ftol=xtol=1e-15, gtol=0)" : " (default tolerances)")}; min LRE over parameters / std errors / RSS, scipy's beside");
    Console.WriteLine($"{"dataset",-10} {"difficulty",-8} {"start",-6} {"params",6} {"stderr",6} {"rss",6} | {"scipy",6} {"stderr",6} {"rss",6}  nfev");
    foreach (var (d, start, lp, ls, lr, nfev) in results)
    {
        var s = scipy[(d.Name, start)];
        ok += lp >= 4 ? 1 : 0;
        scipyOk += s.Params >= 4 ? 1 : 0;
        notWorse += Math.Round(lp, 1) >= s.Params ? 1 : 0;
        Console.WriteLine($"{d.Name,-10} {d.Difficulty,-8} start{start} {lp,6:F1} {ls,6:F1} {lr,6:F1} | {s.Params,6:F1} {s.StdErr,6:F1} {s.Rss,6:F1}  {nfev}");
    }

    Console.WriteLine($"# fits with >= 4 digits on every parameter: {ok}/{results.Count} (scipy {scipyOk}/{results.Count}); at least scipy's parameter digits: {notWorse}/{results.Count}");
    Console.WriteLine($"# total fit time {total.Elapsed.TotalSeconds:F3} s (scipy {scipyTotal:F3} s, ratio {scipyTotal / total.Elapsed.TotalSeconds:F1}x)");
    Console.WriteLine();
}

/// <summary>Timing breakdown helpers.</summary>
internal static class Profile
{
    public static void Run()
    {
        var d = NistCatalog.Get("Gauss1");
        var p = Adjoint.Tensors.Tensor.FromArray(d.Start1);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 2000; i++)
        {
            using var s = Adjoint.Tensors.TensorScope.Begin();
            using var ng = Adjoint.Autodiff.Grad.NoGrad();
            d.Model(d.X, p);
        }

        Console.WriteLine($"model eval: {sw.Elapsed.TotalMilliseconds / 2000 * 1000:F1} us");
        var o = new CurveFitOptions { Method = LeastSquaresMethod.Lm };
        sw.Restart();
        for (int i = 0; i < 50; i++)
        {
            CurveFit.Fit(d.Model, d.X, Adjoint.Tensors.Tensor.FromArray(d.Y), d.Start1, o);
        }

        Console.WriteLine($"fit: {sw.Elapsed.TotalMilliseconds / 50:F2} ms");
    }
}

internal static class ProfileMathNet
{
    public static void Run()
    {
        var rnd = new Random(1);
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(250, 8, (i, j) => rnd.NextDouble());
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 20; i++) { _ = a.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).R; }
        Console.WriteLine($"QR thin: {sw.Elapsed.TotalMilliseconds / 20:F3} ms");
        sw.Restart();
        for (int i = 0; i < 20; i++) { _ = a.Svd(true); }
        Console.WriteLine($"SVD full: {sw.Elapsed.TotalMilliseconds / 20:F3} ms");
        sw.Restart();
        for (int i = 0; i < 20; i++) { _ = a.Svd(false); }
        Console.WriteLine($"SVD no vectors: {sw.Elapsed.TotalMilliseconds / 20:F3} ms");
        var r = a.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).R;
        sw.Restart();
        for (int i = 0; i < 20; i++) { _ = r.Svd(true); }
        Console.WriteLine($"SVD 8x8: {sw.Elapsed.TotalMilliseconds / 20:F3} ms");
        sw.Restart();
        for (int i = 0; i < 20; i++) { _ = a.TransposeThisAndMultiply(a).Evd(); }
        Console.WriteLine($"EVD of AtA: {sw.Elapsed.TotalMilliseconds / 20:F3} ms");
        Console.WriteLine(MathNet.Numerics.Control.Describe());
    }
}
