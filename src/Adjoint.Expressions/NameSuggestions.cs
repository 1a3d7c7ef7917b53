namespace Adjoint.Expressions;

/// <summary>"Did you mean ...?": the closest of a set of known names by edit distance.</summary>
public static class NameSuggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> by optimal-string-alignment distance (insertions, deletions,
    /// substitutions and swaps of neighbours each cost 1; a difference of case only costs nothing; ties go to the longest common prefix), or null when the
    /// closest is further than a third of the name's length (at least 1, at most 3) or there are no candidates.
    /// </summary>
    /// <param name="name">The unknown name.</param>
    /// <param name="candidates">The known names.</param>
    /// <returns>The suggestion, or null.</returns>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        int bestDistance = int.MaxValue;
        int limit = Math.Clamp(name.Length / 3, 1, 3);
        foreach (var c in candidates)
        {
            if (c == name)
            {
                continue;
            }

            int d = Distance(name.ToUpperInvariant(), c.ToUpperInvariant());
            if (d < bestDistance || (d == bestDistance && best is not null && CommonPrefix(name, c) > CommonPrefix(name, best)))
            {
                bestDistance = d;
                best = c;
            }
        }

        return bestDistance <= limit ? best : null;
    }

    private static int CommonPrefix(string a, string b)
    {
        int n = 0;
        while (n < a.Length && n < b.Length && char.ToUpperInvariant(a[n]) == char.ToUpperInvariant(b[n]))
        {
            n++;
        }

        return n;
    }

    /// <summary>The optimal-string-alignment distance between two strings.</summary>
    /// <param name="a">One string.</param>
    /// <param name="b">The other.</param>
    /// <returns>The number of edits.</returns>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length > 256 || b.Length > 256)
        {
            return Math.Max(a.Length, b.Length);
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                }

                d[i, j] = v;
            }
        }

        return d[a.Length, b.Length];
    }
}
