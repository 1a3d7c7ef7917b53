namespace Adjoint.Optimize.Methods.Slsqp;
internal static class Prof
{
    public static readonly System.Collections.Generic.Dictionary<string, (long Ticks, int Count)> T = new();
    static Prof() { System.AppDomain.CurrentDomain.ProcessExit += (_, _) => Dump(); }
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)] private struct Ts { public long S; public long N; }
    [System.Runtime.InteropServices.DllImport("libc")] private static extern int clock_gettime(int c, out Ts t);
    private static long Cpu() { _ = clock_gettime(2, out var t); return t.S * 1_000_000_000L + t.N; }
    public static long Now => Cpu();
    public static void Add(string name, long start)
    {
        long t = Cpu() - start;
        lock (T) { T.TryGetValue(name, out var v);
        T[name] = (v.Ticks + t, v.Count + 1); }
    }
    public static void Dump()
    {
        foreach (var kv in T.OrderBy(k => k.Key))
            System.Console.Error.WriteLine($"{kv.Key,-30} {kv.Value.Ticks / 1e6,10:F1} ms {kv.Value.Count,6}");
        T.Clear();
    }
}
