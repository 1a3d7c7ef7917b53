namespace Adjoint.Optimize.QuasiNewton;

/// <summary>Gaussian elimination with partial pivoting for the small (2m × 2m) systems of limited-memory methods.</summary>
internal static class SmallDense
{
    /// <summary>Inverts the k×k <paramref name="a"/> into <paramref name="inverse"/>; returns false when singular.</summary>
    public static bool Invert(double[,] a, int k, double[,] inverse)
    {
        var work = new double[k, 2 * k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                work[i, j] = a[i, j];
            }

            work[i, k + i] = 1;
        }

        if (!Eliminate(work, k, 2 * k))
        {
            return false;
        }

        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                inverse[i, j] = work[i, k + j];
            }
        }

        return true;
    }

    /// <summary>Solves a x = b for the k×k <paramref name="a"/> (overwritten), b overwritten by x; false when singular.</summary>
    public static bool Solve(double[,] a, int k, Span<double> b)
    {
        var work = new double[k, k + 1];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                work[i, j] = a[i, j];
            }

            work[i, k] = b[i];
        }

        if (!Eliminate(work, k, k + 1))
        {
            return false;
        }

        for (int i = 0; i < k; i++)
        {
            b[i] = work[i, k];
        }

        return true;
    }

    /// <summary>Gauss-Jordan elimination of the left k×k block of a k×cols matrix.</summary>
    private static bool Eliminate(double[,] w, int k, int cols)
    {
        for (int c = 0; c < k; c++)
        {
            int p = c;
            double best = Math.Abs(w[c, c]);
            for (int r = c + 1; r < k; r++)
            {
                if (Math.Abs(w[r, c]) > best)
                {
                    best = Math.Abs(w[r, c]);
                    p = r;
                }
            }

            if (!(best > 0) || !double.IsFinite(best))
            {
                return false;
            }

            if (p != c)
            {
                for (int j = 0; j < cols; j++)
                {
                    (w[c, j], w[p, j]) = (w[p, j], w[c, j]);
                }
            }

            double inv = 1 / w[c, c];
            for (int j = 0; j < cols; j++)
            {
                w[c, j] *= inv;
            }

            for (int r = 0; r < k; r++)
            {
                if (r == c || w[r, c] == 0)
                {
                    continue;
                }

                double factor = w[r, c];
                for (int j = 0; j < cols; j++)
                {
                    w[r, j] -= factor * w[c, j];
                }
            }
        }

        return true;
    }
}
