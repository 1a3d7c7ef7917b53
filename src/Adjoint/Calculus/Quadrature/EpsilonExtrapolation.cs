namespace Adjoint.Calculus;

/// <summary>
/// Wynn's epsilon algorithm on a sequence of partial integrals, as QUADPACK's adaptive integrators use it to
/// accelerate convergence towards the limit of a sequence whose error behaves like a sum of geometric terms (an
/// integrable end-point singularity bisected repeatedly gives such a sequence).
/// </summary>
/// <remarks>
/// <para>Only the last diagonal of the epsilon table is stored (at most 52 entries, the table is shortened to 49
/// when it reaches 50). Each new element <c>e1 + 1 / (1/(e1 - e3) + 1/(e2 - e1) - 1/(e1 - e0))</c> is computed
/// from its rhombus; when two neighbours agree to machine precision or the table behaves irregularly
/// (|ss e1| &lt;= 1e-4) the table is cut at that point. The error estimate of a result is the distance to the three
/// previous results, at least <c>5 eps |result|</c>.</para>
/// <para>References: Wynn (1956), On a device for computing the e_m(S_n) transformation, MTAC 10;
/// Piessens et al. (1983), QUADPACK, section 2.2.4 (routine qelg).</para>
/// </remarks>
internal sealed class EpsilonExtrapolation
{
    private const int TableLimit = 50;
    private readonly double[] _table = new double[TableLimit + 2];
    private readonly double[] _lastResults = new double[3];
    private readonly double _epsilon;
    private int _calls;

    /// <summary>Creates an empty table for arithmetic with machine epsilon <paramref name="epsilon"/>.</summary>
    public EpsilonExtrapolation(double epsilon) => _epsilon = epsilon;

    /// <summary>How many elements the last diagonal holds (QUADPACK numrl2).</summary>
    public int Count { get; private set; }

    /// <summary>Appends the newest partial integral.</summary>
    public void Add(double value) => _table[Count++] = value;

    /// <summary>Extends the table by its newest element and returns the best extrapolated limit with its error.</summary>
    public (double Value, double Error) Extrapolate()
    {
        _calls++;
        int n = Count;
        double error = double.MaxValue;
        double result = _table[n - 1];
        if (n < 3)
        {
            return (result, Math.Max(error, 5 * _epsilon * Math.Abs(result)));
        }

        _table[n + 1] = _table[n - 1];
        int newElements = (n - 1) / 2;
        _table[n - 1] = double.MaxValue;
        int original = n;
        int k1 = n - 1;
        for (int i = 1; i <= newElements; i++)
        {
            double e0 = _table[k1 - 2];
            double e1 = _table[k1 - 1];
            double e2 = _table[k1 + 2];
            double delta2 = e2 - e1, err2 = Math.Abs(delta2), tol2 = Math.Max(Math.Abs(e2), Math.Abs(e1)) * _epsilon;
            double delta3 = e1 - e0, err3 = Math.Abs(delta3), tol3 = Math.Max(Math.Abs(e1), Math.Abs(e0)) * _epsilon;
            if (err2 <= tol2 && err3 <= tol3)
            {
                // e0, e1 and e2 agree to machine accuracy: take the limit as reached.
                result = e2;
                error = err2 + err3;
                return (result, Math.Max(error, 5 * _epsilon * Math.Abs(result)));
            }

            double e3 = _table[k1];
            _table[k1] = e1;
            double delta1 = e1 - e3, err1 = Math.Abs(delta1), tol1 = Math.Max(Math.Abs(e1), Math.Abs(e3)) * _epsilon;
            bool cut = err1 <= tol1 || err2 <= tol2 || err3 <= tol3;
            double ss = 0;
            if (!cut)
            {
                ss = (1 / delta1) + (1 / delta2) - (1 / delta3);
                cut = Math.Abs(ss * e1) <= 1e-4;
            }

            if (cut)
            {
                // Two elements are too close, or the table is irregular: drop its lower part.
                n = i + i - 1;
                break;
            }

            double next = e1 + (1 / ss);
            _table[k1] = next;
            k1 -= 2;
            double candidateError = err2 + Math.Abs(next - e2) + err3;
            if (candidateError <= error)
            {
                error = candidateError;
                result = next;
            }
        }

        if (n == TableLimit)
        {
            n = (2 * (TableLimit / 2)) - 1;
        }

        // Shift the diagonal so that it starts at an element of the same parity as the original count.
        int from = original % 2 == 0 ? 1 : 0;
        for (int i = 0; i <= newElements; i++)
        {
            _table[from] = _table[from + 2];
            from += 2;
        }

        if (original != n)
        {
            int start = original - n;
            for (int i = 0; i < n; i++)
            {
                _table[i] = _table[start + i];
            }
        }

        Count = n;
        if (_calls < 4)
        {
            _lastResults[_calls - 1] = result;
            error = double.MaxValue;
        }
        else
        {
            error = Math.Abs(result - _lastResults[2]) + Math.Abs(result - _lastResults[1]) + Math.Abs(result - _lastResults[0]);
            _lastResults[0] = _lastResults[1];
            _lastResults[1] = _lastResults[2];
            _lastResults[2] = result;
        }

        return (result, Math.Max(error, 5 * _epsilon * Math.Abs(result)));
    }
}
