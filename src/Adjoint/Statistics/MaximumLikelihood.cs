using System.Globalization;
using Adjoint.Autodiff;
using Adjoint.Fit;
using Adjoint.Optimize;
using Adjoint.Optimize.Methods;
using Adjoint.Tensors;

namespace Adjoint.Statistics;

/// <summary>
/// Maximum likelihood by minimizing the exact mean negative log-likelihood over unconstrained parameters (each free
/// parameter mapped from the real line onto its domain), then the covariance from the exact Hessian of the total
/// negative log-likelihood in the parameters themselves at the optimum (inverse observed information).
/// </summary>
internal static class MaximumLikelihood
{
    public static DistributionFitResult<TDistribution> Fit<TDistribution>(
        FitSpecification<TDistribution> spec, double[] data, IReadOnlyDictionary<string, double>? fixedParameters, DistributionFitOptions? options)
        where TDistribution : class
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length == 0)
        {
            throw new ArgumentException("The data are empty.", nameof(data));
        }

        for (int i = 0; i < data.Length; i++)
        {
            if (!double.IsFinite(data[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"data[{i}] = {data[i]} is not finite."), nameof(data));
            }
        }

        options ??= new DistributionFitOptions();
        int p = spec.Names.Length;
        var isFixed = new bool[p];
        var values = spec.InitialGuess(data);
        foreach (var (name, value) in fixedParameters ?? new Dictionary<string, double>())
        {
            int k = Array.IndexOf(spec.Names, name);
            if (k < 0)
            {
                throw new ArgumentException($"No parameter {name} to fix; the parameters are {string.Join(", ", spec.Names)}.", nameof(fixedParameters));
            }

            isFixed[k] = true;
            values[k] = value;
        }

        foreach (var (name, value) in options.InitialGuess ?? new Dictionary<string, double>())
        {
            int k = Array.IndexOf(spec.Names, name);
            if (k < 0)
            {
                throw new ArgumentException($"No parameter {name} to start from; the parameters are {string.Join(", ", spec.Names)}.", nameof(options));
            }

            if (!isFixed[k])
            {
                values[k] = value;
            }
        }

        // Domains that depend on the data and the fixed values (a fixed loc or scale moves the others' bounds).
        var domains = spec.Domains(data);
        var free = Enumerable.Range(0, p).Where(k => !isFixed[k]).ToArray();
        var x = Tensor.FromArray(data);
        int n = data.Length;

        Tensor[] Parameters(Func<int, Tensor> freeValue)
        {
            var t = new Tensor[p];
            int j = 0;
            for (int k = 0; k < p; k++)
            {
                t[k] = isFixed[k] ? Tensor.Scalar(values[k]) : freeValue(j++);
            }

            return t;
        }

        Tensor TotalNll(Tensor[] parameters) => -spec.LogLikelihood(spec.Build(parameters), x);

        MinimizeResult? optimization = null;
        var estimates = (double[])values.Clone();
        if (free.Length > 0)
        {
            var u0 = free.Select(k => domains[k].ToUnconstrained(values[k])).ToArray();
            Tensor Objective(Tensor u) =>
                TotalNll(Parameters(j => domains[free[j]].ToParameter(u[j..(j + 1)].Reshape(Shape.Scalar)))) * (1.0 / n);
            var method = options.Minimize ?? new TrustExactOptions { GradientTolerance = 1e-10 };
            optimization = Minimizer.Minimize(Objective, Tensor.FromArray(u0), method);
            using (Grad.NoGrad())
            {
                var u = Tensor.FromArray(optimization.X);
                for (int j = 0; j < free.Length; j++)
                {
                    estimates[free[j]] = domains[free[j]].ToParameter(u[j..(j + 1)].Reshape(Shape.Scalar)).ToArray()[0];
                }
            }
        }

        TDistribution? distribution = null;
        double logLikelihood = double.NaN;
        CovarianceEstimate? covariance = null;
        var standardErrors = Enumerable.Range(0, p).Select(k => isFixed[k] ? 0.0 : double.NaN).ToArray();
        var messages = new List<string>();
        if (optimization is not null)
        {
            messages.Add(optimization.Message);
        }

        try
        {
            var atEstimates = Parameters(j => Tensor.Scalar(estimates[free[j]]));
            distribution = spec.Build(atEstimates);
            using (Grad.NoGrad())
            {
                logLikelihood = spec.LogLikelihood(distribution, x).ToArray()[0];
            }

            if (free.Length > 0)
            {
                var theta = Tensor.FromArray(free.Select(k => estimates[k]).ToArray());
                covariance = HessianCovariance.AtMinimum(t => TotalNll(Parameters(j => t[j..(j + 1)].Reshape(Shape.Scalar))), theta);
                for (int j = 0; j < free.Length; j++)
                {
                    standardErrors[free[j]] = covariance.StandardErrors[j];
                }

                if (covariance.Warning is { } warning)
                {
                    messages.Add(warning);
                }
            }
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            messages.Add("The estimates do not give a valid distribution or covariance: " + ex.Message);
        }

        bool success = (optimization?.Success ?? true) && distribution is not null && double.IsFinite(logLikelihood)
            && estimates.All(double.IsFinite);
        return new DistributionFitResult<TDistribution>
        {
            Distribution = distribution,
            ParameterNames = spec.Names,
            Estimates = estimates,
            IsFixed = isFixed,
            StandardErrors = standardErrors,
            Covariance = covariance,
            LogLikelihood = logLikelihood,
            SampleSize = n,
            Optimization = optimization,
            Success = success,
            Message = messages.Count == 0 ? "Every parameter was fixed." : string.Join(" ", messages),
        };
    }

    /// <summary>The sample mean and (population) standard deviation.</summary>
    public static (double Mean, double Std) MeanStd(double[] data)
    {
        double mean = data.Average();
        double v = data.Sum(d => (d - mean) * (d - mean)) / data.Length;
        return (mean, Math.Sqrt(Math.Max(v, 1e-300)));
    }
}
