using Adjoint.Optimize;

namespace HonestyAudit;

/// <summary>One run of one method from one start, with the method's verdict and the independent classification.</summary>
internal sealed record AuditRun
{
    /// <summary>The method's registry name.</summary>
    public required string Method { get; init; }

    /// <summary>The problem with its dimension, e.g. "Watson(6)".</summary>
    public required string Problem { get; init; }

    /// <summary>The start multiplier: the run started at Start·x0.</summary>
    public required double Start { get; init; }

    /// <summary>The evaluation dtype of the run ("float64" or "float32").</summary>
    public required string Precision { get; init; }

    /// <summary>The method's termination status (or "Threw").</summary>
    public required string Status { get; init; }

    /// <summary>The method's success flag.</summary>
    public required bool Success { get; init; }

    /// <summary>The method's status message (or the exception's message).</summary>
    public required string Message { get; init; }

    /// <summary>Iterations.</summary>
    public int Nit { get; init; }

    /// <summary>Function evaluations.</summary>
    public int Nfev { get; init; }

    /// <summary>f as the method reported it (in the evaluation dtype).</summary>
    public double ReportedValue { get; init; }

    /// <summary>Wall-clock milliseconds of the run (the classification excluded).</summary>
    public double ElapsedMs { get; init; }

    /// <summary>f(Start·x0) in float64.</summary>
    public double StartValue { get; init; }

    /// <summary>The end point X.</summary>
    public required double[] X { get; init; }

    /// <summary>The independent float64 classification of X.</summary>
    public required EndPointVerdict Verdict { get; init; }

    /// <summary>Whether the run stopped on an iteration, evaluation or time limit.</summary>
    public bool HitLimit => Status is nameof(TerminationReason.MaxIterations) or nameof(TerminationReason.MaxEvaluations) or nameof(TerminationReason.TimeLimit);

    /// <summary>Success claimed at a point the polish improves or at a saddle: a dishonest success.</summary>
    public bool SuccessAtNonMinimizer => Success && Verdict.Class is EndPointClass.Improvable or EndPointClass.Saddle;

    /// <summary>Success claimed at a flat start, a non-finite or an unclassifiable point.</summary>
    public bool SuccessUnverified => Success && Verdict.Class is EndPointClass.FlatStart or EndPointClass.NonFinite or EndPointClass.Unclassified;

    /// <summary>Failure reported at a verified minimizer although no iteration, evaluation or time limit was hit.</summary>
    public bool FailureAtMinimizer => !Success && !HitLimit && Verdict.Class == EndPointClass.VerifiedMinimizer;
}
