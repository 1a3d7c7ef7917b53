using System.Globalization;

namespace HonestyAudit;

/// <summary>Prints the per-method summary table and the runs behind its two key columns (same layout as mgh_honesty_scipy.py).</summary>
internal static class AuditReport
{
    private static readonly CultureInfo s_c = CultureInfo.InvariantCulture;

    /// <summary>The table header; column meanings are in docs/honesty.md.</summary>
    public const string Header =
        "method              runs success minimizer  bad unverif fail@min limits saddle improv flat nonfin unclass";

    /// <summary>Writes the table (one row per method and a total) followed by the listed runs of each method.</summary>
    public static void Write(TextWriter output, string title, IReadOnlyList<AuditRun> runs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(runs);
        var byMethod = runs.GroupBy(r => r.Method).ToList();
        output.WriteLine($"== {title}");
        output.WriteLine(Header);
        foreach (var group in byMethod)
        {
            output.WriteLine(Row(group.Key, group.ToList()));
        }

        output.WriteLine(Row("total", runs));
        output.WriteLine("bad = success at an improvable point or a saddle; unverif = success at a flat start, non-finite or unclassified point;");
        output.WriteLine("fail@min = failure at a verified minimizer without hitting maxiter, maxfev or the time limit; limits = runs that hit one.");
        foreach (var group in byMethod)
        {
            var list = group.ToList();
            var bad = list.Where(r => r.SuccessAtNonMinimizer).ToList();
            var unverified = list.Where(r => r.SuccessUnverified).ToList();
            var failed = list.Where(r => r.FailureAtMinimizer).ToList();
            if (bad.Count + unverified.Count + failed.Count == 0)
            {
                continue;
            }

            output.WriteLine();
            output.WriteLine($"-- {group.Key}");
            List(output, "success at a non-minimizer (improvable or saddle)", bad);
            List(output, "success, unverified", unverified);
            List(output, "failure at a verified minimizer, no limit hit", failed);
        }
    }

    private static string Row(string name, IReadOnlyCollection<AuditRun> runs)
    {
        int Count(Func<AuditRun, bool> predicate) => runs.Count(predicate);
        int Class(EndPointClass cls) => Count(r => r.Verdict.Class == cls);
        return string.Format(s_c, "{0,-19} {1,4} {2,7} {3,9} {4,4} {5,7} {6,8} {7,6} {8,6} {9,6} {10,4} {11,6} {12,7}",
            name, runs.Count, Count(r => r.Success), Class(EndPointClass.VerifiedMinimizer), Count(r => r.SuccessAtNonMinimizer),
            Count(r => r.SuccessUnverified), Count(r => r.FailureAtMinimizer), Count(r => r.HitLimit), Class(EndPointClass.Saddle),
            Class(EndPointClass.Improvable), Class(EndPointClass.FlatStart), Class(EndPointClass.NonFinite), Class(EndPointClass.Unclassified));
    }

    private static void List(TextWriter output, string heading, List<AuditRun> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        output.WriteLine($"  {heading}: {runs.Count}");
        foreach (var r in runs)
        {
            output.WriteLine(string.Format(s_c, "    {0,-28} x{1,-4} {2,-20} {3,-17} f={4,-12:G6} f_polished={5,-12:G6} {6}",
                r.Problem, r.Start, r.Status, r.Verdict.Class, r.Verdict.Value, r.Verdict.PolishedValue, r.Verdict.Reason));
        }
    }
}
