namespace Adjoint.Optimize.Methods.Slsqp;
internal static class Prof
{
    public static readonly System.Collections.Generic.Dictionary<string, (long Ticks, int Count)> T = new();
    static Prof() { System.AppDomain.CurrentDomain.ProcessExit += (_, _) => Dump(); }
    public static long Now => System.Diagnostics.Stopwatch.GetTimestamp();
    public static void Add(string name, long start)
    {
        long t = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        T.TryGetValue(name, out var v);
        T[name] = (v.Ticks + t, v.Count + 1);
    }
    public static void Dump()
    {
        foreach (var kv in T.OrderBy(k => k.Key))
            System.Console.Error.WriteLine($"{kv.Key,-30} {kv.Value.Ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency,10:F1} ms {kv.Value.Count,6}");
        T.Clear();
    }
}
