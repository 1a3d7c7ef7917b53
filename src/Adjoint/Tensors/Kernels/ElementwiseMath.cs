namespace Adjoint.Tensors.Kernels;

/// <summary>Accurate elementwise functions (scalar reference implementation).</summary>
internal static class ElementwiseMath
{
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Tanh(x[i]);
        }
    }

    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = MathF.Tanh(x[i]);
        }
    }

    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            y[i] = v >= 0 ? 1 / (1 + Math.Exp(-v)) : Math.Exp(v) / (1 + Math.Exp(v));
        }
    }

    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            y[i] = (float)(v >= 0 ? 1 / (1 + Math.Exp(-v)) : Math.Exp(v) / (1 + Math.Exp(v)));
        }
    }

    public static void Softplus(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            y[i] = Math.Max(v, 0) + Log1p(Math.Exp(-Math.Abs(v)));
        }
    }

    public static void Softplus(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            y[i] = (float)(Math.Max(v, 0) + Log1p(Math.Exp(-Math.Abs(v))));
        }
    }

    public static void Expm1(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Expm1(x[i]);
        }
    }

    public static void Expm1(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = (float)Expm1(x[i]);
        }
    }

    public static void Log1p(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Log1p(x[i]);
        }
    }

    public static void Log1p(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = (float)Log1p(x[i]);
        }
    }

    private static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    private static double Expm1(double x)
    {
        if (Math.Abs(x) > 0.5)
        {
            return Math.Exp(x) - 1;
        }

        double u = Math.Exp(x);
        return u == 1 ? x : (u - 1) * x / Math.Log(u);
    }
}
