using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Benchmarks.Workloads;

/// <summary>
/// The sparse matrix factorization workload of ../shared/ref/peers.py (<c>w_mf</c>): a 2000 x 2000 matrix of rank 10
/// observed at 200,000 entries, loss 0.5 sum((sum(U[rows] * V[cols], axis 1) - vals)^2) + 0.01 (|U|^2 + |V|^2),
/// float32, value and gradient with respect to U and V through row gathers.
/// </summary>
/// <remarks>
/// As in <c>make_mf</c>: U*, V* ~ N(0, 1/rank), observed positions drawn uniformly without replacement,
/// vals = sum(U*[rows] V*[cols]) + 0.01 N(0, 1); the starting point is 0.1 N(0, 1). The random streams differ from
/// numpy's and PyTorch's; shapes, dtypes, the index distribution and the operations match.
/// </remarks>
public sealed class MatrixFactorization
{
    private readonly Func<Tensor[], Tensor> _loss;

    /// <summary>Rows and columns of the matrix.</summary>
    public const int N = 2000;

    /// <summary>Rank of the factors.</summary>
    public const int Rank = 10;

    /// <summary>Observed (training) entries: 5% of N^2.</summary>
    public const int Observed = N * N / 20;

    /// <summary>Creates the problem.</summary>
    public MatrixFactorization()
    {
        _loss = Loss;
        var rng = new Random(0);
        var truthU = Normal(rng, N * Rank, 1 / Math.Sqrt(Rank));
        var truthV = Normal(rng, N * Rank, 1 / Math.Sqrt(Rank));

        // Distinct positions: a partial Fisher-Yates shuffle over the N^2 cells.
        var cells = new int[N * N];
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] = i;
        }

        for (int i = 0; i < Observed; i++)
        {
            int j = rng.Next(i, cells.Length);
            (cells[i], cells[j]) = (cells[j], cells[i]);
        }

        Rows = new int[Observed];
        Cols = new int[Observed];
        var vals = new float[Observed];
        for (int i = 0; i < Observed; i++)
        {
            int r = cells[i] / N, c = cells[i] % N;
            Rows[i] = r;
            Cols[i] = c;
            double s = 0;
            for (int k = 0; k < Rank; k++)
            {
                s += truthU[(r * Rank) + k] * truthV[(c * Rank) + k];
            }

            vals[i] = (float)(s + (0.01 * Normal(rng)));
        }

        Values = Tensor.FromArray(vals);
        U = 0.1 * Tensor.RandomNormal([N, Rank], seed: 2, dtype: DType.Float32);
        V = 0.1 * Tensor.RandomNormal([N, Rank], seed: 3, dtype: DType.Float32);
    }

    /// <summary>Row index of each observed entry.</summary>
    public int[] Rows { get; }

    /// <summary>Column index of each observed entry.</summary>
    public int[] Cols { get; }

    /// <summary>Observed values, float32.</summary>
    public Tensor Values { get; }

    /// <summary>Left factor, N x Rank, float32.</summary>
    public Tensor U { get; }

    /// <summary>Right factor, N x Rank, float32.</summary>
    public Tensor V { get; }

    /// <summary>The loss of factors (U, V).</summary>
    public Tensor Loss(Tensor[] uv)
    {
        ArgumentNullException.ThrowIfNull(uv);
        var u = uv[0];
        var v = uv[1];
        var pred = (u[Rows] * v[Cols]).Sum(1);
        return (0.5 * (pred - Values).Square().Sum()) + (0.01 * (u.Square().Sum() + v.Square().Sum()));
    }

    /// <summary>One value+gradient evaluation; returns the value (the gradients live in the caller's scope).</summary>
    public double ValueAndGrad()
    {
        var (value, _) = Grad.ValueAndGrad(_loss, U, V);
        return value.Item();
    }

    private static double[] Normal(Random rng, int count, double std)
    {
        var v = new double[count];
        for (int i = 0; i < count; i++)
        {
            v[i] = std * Normal(rng);
        }

        return v;
    }

    private static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
