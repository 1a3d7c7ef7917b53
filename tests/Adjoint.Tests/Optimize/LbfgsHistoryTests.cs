using Adjoint.Optimize.QuasiNewton;

namespace Adjoint.Tests.Optimize;

public class LbfgsHistoryTests
{
    /// <summary>The plain two-loop recursion (Nocedal &amp; Wright, Algorithm 7.4) in scalar loops.</summary>
    private static double[] TwoLoop(List<double[]> s, List<double[]> y, double[] v)
    {
        int k = s.Count, n = v.Length;
        var r = (double[])v.Clone();
        var alpha = new double[k];
        double Dot(double[] a, double[] b)
        {
            double t = 0;
            for (int i = 0; i < n; i++)
            {
                t += a[i] * b[i];
            }

            return t;
        }

        for (int i = k - 1; i >= 0; i--)
        {
            alpha[i] = Dot(s[i], r) / Dot(s[i], y[i]);
            for (int j = 0; j < n; j++)
            {
                r[j] -= alpha[i] * y[i][j];
            }
        }

        double theta = Dot(y[k - 1], y[k - 1]) / Dot(s[k - 1], y[k - 1]);
        for (int j = 0; j < n; j++)
        {
            r[j] /= theta;
        }

        for (int i = 0; i < k; i++)
        {
            double beta = Dot(y[i], r) / Dot(s[i], y[i]);
            for (int j = 0; j < n; j++)
            {
                r[j] += (alpha[i] - beta) * s[i][j];
            }
        }

        return r;
    }

    [Theory]
    [InlineData(1000, 4)]
    [InlineData(300_001, 5)]
    public void MultiplyInverse_ShortAndLongVectors_MatchesTheTwoLoopRecursion(int n, int pairs)
    {
        var random = new Random(n);
        var history = new LbfgsHistory(n, pairs);
        var s = new List<double[]>();
        var y = new List<double[]>();
        for (int p = 0; p < pairs + 2; p++)
        {
            var sv = new double[n];
            var yv = new double[n];
            for (int i = 0; i < n; i++)
            {
                sv[i] = random.NextDouble() - 0.5;
                yv[i] = (sv[i] * (1 + random.NextDouble())) + (0.01 * (random.NextDouble() - 0.5));
            }

            s.Add((double[])sv.Clone());
            y.Add((double[])yv.Clone());
            history.PushSwap(ref sv, ref yv);
        }

        // The history keeps the newest pairs.
        s.RemoveRange(0, 2);
        y.RemoveRange(0, 2);
        var v = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var expected = TwoLoop(s, y, v);
        var result = new double[n];
        history.MultiplyInverse(v, result);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(result[i] - expected[i]) <= 1e-10 * scale, $"element {i}: {result[i]} vs {expected[i]}");
        }

        // In place as well.
        history.MultiplyInverse(v, v);
        Assert.Equal(result, v);
    }
}
