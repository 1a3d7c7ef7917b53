using System.Text.Json;
using Adjoint.Calculus;
using Adjoint.Tensors;

namespace Adjoint.Tests.Calculus;

/// <summary>One case of interpolation_scipy.json: data, settings, queries and scipy's values (null in the file is NaN).</summary>
internal sealed record ScipyInterpolationCase(string Name, string Type, double[] X, double[] Y, int[] YShape, double[] Queries,
    double[] Expected, int[] ExpectedShape, JsonElement Raw)
{
    private static readonly Lazy<Dictionary<string, ScipyInterpolationCase>> s_cases = new(Load);

    public static IReadOnlyDictionary<string, ScipyInterpolationCase> All => s_cases.Value;

    public static TheoryData<string> Names(string type)
    {
        var data = new TheoryData<string>();
        foreach (var c in All.Values.Where(c => c.Type == type))
        {
            data.Add(c.Name);
        }

        return data;
    }

    public Tensor YTensor(DType dtype = DType.Float64) => Tensor.FromArray(Y, new Shape(YShape), dtype);

    /// <summary>The queries' shape: (count, D) for grids, (count) otherwise.</summary>
    public Shape QueryShape => Raw.TryGetProperty("xqShape", out var s) ? new Shape(Ints(s)) : new Shape(Queries.Length);

    public double[][] GridPoints => [.. Raw.GetProperty("points").EnumerateArray().Select(Numbers)];

    public RegularGridInterpolatorOptions GridOptionsOf()
    {
        var fill = Raw.GetProperty("fill");
        return new RegularGridInterpolatorOptions
        {
            Method = Enum.Parse<GridInterpolationMethod>(Raw.GetProperty("method").GetString()!, ignoreCase: true),
            BoundsError = Raw.GetProperty("boundsError").GetBoolean(),
            FillValue = fill.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => double.NaN,
                _ => fill.GetDouble(),
            },
        };
    }

    public int Axis => Raw.GetProperty("axis").GetInt32();

    public int Nu => Raw.TryGetProperty("nu", out var nu) ? nu.GetInt32() : 0;

    /// <summary>The interpolant this case describes, built from <paramref name="y"/>.</summary>
    public Func<Tensor, Tensor> Build(Tensor y)
    {
        switch (Type)
        {
            case "interp1d":
                {
                    var f = new Interp1d(X, y, Interp1dOptionsOf());
                    return f.Evaluate;
                }

            case "cubic":
                return WithNu(new CubicSpline(X, y, CubicSplineOptionsOf())).Evaluate;
            case "pchip":
                return WithNu(new PchipInterpolator(X, y, Axis)).Evaluate;
            case "akima":
                return WithNu(new Akima1DInterpolator(X, y, Axis)).Evaluate;
            case "integrate":
                {
                    var spline = new CubicSpline(X, y, CubicSplineOptionsOf());
                    return limits =>
                    {
                        var l = limits.ToArray();
                        var parts = new List<Tensor>();
                        for (int i = 0; i < l.Length; i += 2)
                        {
                            parts.Add(spline.Integrate(l[i], l[i + 1]));
                        }

                        return Tensor.Stack(parts, 0);
                    };
                }

            case "rgi":
                return new RegularGridInterpolator(GridPoints, y, GridOptionsOf()).Evaluate;
            default:
                throw new InvalidOperationException(Type);
        }
    }

    public Interp1dOptions Interp1dOptionsOf()
    {
        var kind = Enum.Parse<InterpolationKind>(Raw.GetProperty("kind").GetString()!, ignoreCase: true);
        var fillJson = Raw.GetProperty("fill");
        var fill = fillJson.ValueKind == JsonValueKind.String ? FillValue.Extrapolate : FillValue.Pair(Number(fillJson[0]), Number(fillJson[1]));
        var bounds = Raw.GetProperty("boundsError");
        return new Interp1dOptions
        {
            Kind = kind,
            Axis = Axis,
            FillValue = fill,
            BoundsError = bounds.ValueKind == JsonValueKind.Null ? null : bounds.GetBoolean(),
        };
    }

    public CubicSplineOptions CubicSplineOptionsOf()
    {
        var bc = Raw.GetProperty("bc");
        var extrap = Raw.GetProperty("extrapolate");
        Extrapolation? e = extrap.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.True => Extrapolation.Extend,
            JsonValueKind.False => Extrapolation.Nan,
            _ => Extrapolation.Periodic,
        };
        return new CubicSplineOptions { Axis = Axis, Start = Boundary(bc[0]), End = Boundary(bc[1]), Extrapolation = e };
    }

    private PiecewisePolynomial WithNu(PiecewisePolynomial p) => Nu switch
    {
        > 0 => p.Derivative(Nu),
        < 0 => p.Antiderivative(-Nu),
        _ => p,
    };

    private static SplineBoundary Boundary(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            return SplineBoundary.FixedDerivative(e[0].GetInt32(), e[1].GetDouble());
        }

        return e.GetString() switch
        {
            "not-a-knot" => SplineBoundary.NotAKnot,
            "natural" => SplineBoundary.Natural,
            "clamped" => SplineBoundary.Clamped,
            "periodic" => SplineBoundary.Periodic,
            var s => throw new InvalidOperationException(s),
        };
    }

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    private static double[] Numbers(JsonElement e) => [.. e.EnumerateArray().Select(Number)];

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];

    private static Dictionary<string, ScipyInterpolationCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Calculus", "interpolation_scipy.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = new Dictionary<string, ScipyInterpolationCase>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var raw = c.Clone();
            var item = new ScipyInterpolationCase(c.GetProperty("name").GetString()!, c.GetProperty("type").GetString()!,
                Numbers(c.GetProperty("x")), Numbers(c.GetProperty("y")), Ints(c.GetProperty("yShape")), Numbers(c.GetProperty("xq")),
                Numbers(c.GetProperty("expected")), Ints(c.GetProperty("expectedShape")), raw);
            result.Add(item.Name, item);
        }

        return result;
    }
}
