using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Adjoint.Optimize;
using Adjoint.Tensors;
using Adjoint.TestProblems;
using HonestyAudit;

// Audits whether Success means "a verified local minimizer": every registered method, every Moré-Garbow-Hillstrom
// problem, from x0, 10·x0 and 100·x0, default options (plus a time limit). Each end point is classified in float64
// independently of the method's verdict (EndPointClassifier; docs/honesty.md has the rule and the baseline figures).
//   dotnet run -c Release --project examples/HonestyAudit -- [--float32] [--methods BFGS,CG] [--starts 1,10,100]
//       [--problems Rosenbrock,Watson] [--time-limit 10] [--json runs.json]
var c = CultureInfo.InvariantCulture;
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("HonestyAudit [--float32] [--methods a,b] [--starts 1,10,100] [--problems a,b] [--time-limit SECONDS] [--json FILE]");
    return 0;
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
bool float32 = args.Contains("--float32");
var methodNames = Option("--methods")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
var problemNames = Option("--problems")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
double[] starts = (Option("--starts") ?? "1,10,100").Split(',').Select(s => double.Parse(s, c)).ToArray();
var timeLimit = TimeSpan.FromSeconds(double.Parse(Option("--time-limit") ?? "10", c));
string? jsonFile = Option("--json");

var methods = methodNames is null ? MethodRegistry.All.ToList() : methodNames.Select(MethodRegistry.Find).ToList();
var problems = MoreGarbowHillstrom.All.Where(p => problemNames is null || problemNames.Contains(p.Name, StringComparer.OrdinalIgnoreCase)).ToList();
string precision = float32 ? "float32" : "float64";
var runs = new List<AuditRun>();
var total = Stopwatch.StartNew();
foreach (var method in methods)
{
    var methodClock = Stopwatch.StartNew();
    foreach (var problem in problems)
    {
        var objective = new Float64Objective(problem.Function);
        foreach (double start in starts)
        {
            var x0 = problem.X0.Select(v => start * v).ToArray();
            double startValue = objective.Value(x0);
            bool flatStart = EndPointClassifier.IsFlat(objective, x0);
            var options = method.DefaultOptions() with { TimeLimit = timeLimit };
            if (float32)
            {
                options = options with { Precision = DType.Float32 };
            }

            runs.Add(Audit(method.Name, problem, start, x0, startValue, flatStart, objective, options, precision));
        }
    }

    Console.Error.WriteLine(string.Create(c, $"{method.Name}: {methodClock.Elapsed.TotalSeconds:F1} s"));
}

AuditReport.Write(Console.Out, string.Create(c,
    $"Adjoint {precision}: {methods.Count} methods x {problems.Count} MGH problems x starts {string.Join(",", starts.Select(s => s.ToString(c)))}, default options, time limit {timeLimit.TotalSeconds} s ({total.Elapsed.TotalSeconds:F0} s)"), runs);

if (jsonFile is not null)
{
    var json = new JsonSerializerOptions
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };
    File.WriteAllText(jsonFile, JsonSerializer.Serialize(new { library = "Adjoint", precision, starts, runs }, json));
}

return 0;

static AuditRun Audit(string method, TestProblem problem, double start, double[] x0, double startValue, bool flatStart,
    Float64Objective objective, MinimizeOptions options, string precision)
{
    var clock = Stopwatch.StartNew();
    MinimizeResult result;
    try
    {
        result = Minimizer.Minimize(Objective.Create(problem.Function), Tensor.FromArray(x0), options);
    }
    catch (Exception ex) when (ex is ObjectiveException or ArithmeticException or ArgumentException or InvalidOperationException)
    {
        double nan = double.NaN;
        return new AuditRun
        {
            Method = method, Problem = problem.ToString(), Start = start, Precision = precision, Status = "Threw", Success = false,
            Message = $"{ex.GetType().Name}: {ex.Message}", ElapsedMs = clock.Elapsed.TotalMilliseconds, StartValue = startValue,
            ReportedValue = nan, X = x0,
            Verdict = new EndPointVerdict(EndPointClass.NonFinite, "the run threw", nan, nan, nan, nan, nan, nan, 0, nan, nan),
        };
    }

    double elapsed = clock.Elapsed.TotalMilliseconds;
    return new AuditRun
    {
        Method = method, Problem = problem.ToString(), Start = start, Precision = precision, Status = result.Status.ToString(),
        Success = result.Success, Message = result.Message, Nit = result.Nit, Nfev = result.Nfev, ReportedValue = result.Fun,
        ElapsedMs = elapsed, StartValue = startValue, X = result.X,
        Verdict = EndPointClassifier.Classify(objective, result.X, startValue, flatStart, Precision.MachineEpsilon(options.Precision ?? DType.Float64)),
    };
}
