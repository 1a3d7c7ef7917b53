using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Adjoint.Benchmarks.Peers;

/// <summary>Finds ../shared/ref/peers.py and runs it as a child process, collecting its JSON lines.</summary>
internal static class PeerScript
{
    /// <summary>The interpreter peers.py is meant for (Debian's, where setup.sh installs scipy and PyTorch).</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>
    /// The path of peers.py: under $ADJOINT_SHARED (the shared folder itself, or a folder holding <c>shared/</c>), else
    /// <c>shared/ref/peers.py</c> found walking up from the current directory, then from the program's directory.
    /// </summary>
    public static string? Locate()
    {
        var env = Environment.GetEnvironmentVariable("ADJOINT_SHARED");
        if (!string.IsNullOrEmpty(env))
        {
            foreach (var candidate in new[] { Path.Combine(env, "ref", "peers.py"), Path.Combine(env, "shared", "ref", "peers.py"), env })
            {
                if (File.Exists(candidate) && candidate.EndsWith(".py", StringComparison.Ordinal))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        foreach (var origin in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "ref", "peers.py");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Runs <c>peers.py --only <paramref name="workload"/> --threads <paramref name="threads"/></c>; one parsed object per JSON line.</summary>
    public static List<JsonElement> Run(string script, string workload, int threads, TextWriter log)
    {
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add("--only");
        psi.ArgumentList.Add(workload);
        psi.ArgumentList.Add("--threads");
        psi.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));

        var results = new List<JsonElement>();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {Python}.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.WriteLine($"  [peers.py] {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            line = line.Trim();
            if (line.Length == 0 || line[0] != '{')
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                results.Add(doc.RootElement.Clone());
                log.WriteLine($"  [peers.py] {line}");
            }
            catch (JsonException)
            {
                log.WriteLine($"  [peers.py] (not JSON) {line}");
            }
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            log.WriteLine($"  [peers.py] exited with code {process.ExitCode}");
        }

        return results;
    }
}
