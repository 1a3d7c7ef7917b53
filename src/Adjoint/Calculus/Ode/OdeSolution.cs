using System.Globalization;
using Adjoint.Tensors;

namespace Adjoint.Calculus;

/// <summary>The result of an initial value problem solve (scipy <c>solve_ivp</c>'s bunch).</summary>
/// <remarks>
/// <see cref="Y"/> holds one row per stored time: shape [T.Length, n], the layout of scipy's <c>odeint</c> (scipy's
/// <c>solve_ivp</c> returns the transpose). When the initial state or the parameters are tracked by a gradient tape, Y is
/// recorded as one operation whose derivative is the forward sensitivity dY/d(y0, p) integrated with the state, so
/// gradients, Jacobians (CurveFit, LeastSquares) and Minimize see exact derivatives of the computed solution.
/// When a solve fails, the stored times the integration did not reach hold NaN, so that an optimizer evaluating the
/// solution at a trial point rejects that point.
/// </remarks>
public sealed record OdeSolution
{
    /// <summary>The stored times (scipy <c>t</c>): <see cref="OdeOptions.TEval"/>, or every step's end.</summary>
    public required double[] T { get; init; }

    /// <summary>The states at <see cref="T"/>, shape [T.Length, n]; NaN rows at requested times not reached by a failed solve.</summary>
    public required Tensor Y { get; init; }

    /// <summary>How the integration ended.</summary>
    public required OdeStatus Status { get; init; }

    /// <summary>Whether the integration reached the end of the span or stopped at a terminal event (scipy <c>success</c>); derived from <see cref="Status"/>.</summary>
    public bool Success => Status.IsSuccess();

    /// <summary>A sentence on how the integration ended, with the time where it stopped when it failed (scipy <c>message</c>).</summary>
    public required string Message { get; init; }

    /// <summary>The last time reached.</summary>
    public required double TFinal { get; init; }

    /// <summary>The continuous solution (scipy <c>sol</c>), or null unless <see cref="OdeOptions.DenseOutput"/> was set.</summary>
    public OdeDenseOutput? Sol { get; init; }

    /// <summary>For each event, the times of its crossings (scipy <c>t_events</c>); empty when no events were given.</summary>
    public required double[][] TEvents { get; init; }

    /// <summary>For each event, the states at its crossings (scipy <c>y_events</c>).</summary>
    public required double[][][] YEvents { get; init; }

    /// <summary>Evaluations of the right-hand side (scipy <c>nfev</c>), including those made while forming sensitivities.</summary>
    public required int Nfev { get; init; }

    /// <summary>Evaluations of the Jacobian by autodiff (scipy <c>njev</c>).</summary>
    public required int Njev { get; init; }

    /// <summary>LU decompositions (scipy <c>nlu</c>).</summary>
    public required int Nlu { get; init; }

    /// <summary>Accepted steps.</summary>
    public required int AcceptedSteps { get; init; }

    /// <summary>Rejected steps (error too large or Newton iteration failed).</summary>
    public required int RejectedSteps { get; init; }

    /// <summary>The method that finished the integration (for <see cref="OdeMethod.Auto"/>, Radau once stiffness was detected).</summary>
    public required OdeMethod FinalMethod { get; init; }

    /// <summary>The time at which <see cref="OdeMethod.Auto"/> switched to Radau, or null when it did not.</summary>
    public double? StiffnessDetectedAt { get; init; }

    /// <summary>
    /// The sensitivities dY[k, i]/d theta_j at the stored times, shape [T.Length, n, n + np] with theta = (y0, p) flattened,
    /// or null when no derivative was tracked.
    /// </summary>
    public Tensor? Sensitivities { get; init; }

    /// <summary>Whether the right-hand side was replayed from one recording (see <see cref="OdeOptions.Replay"/>) rather than run as tensor operations at every stage.</summary>
    public bool Replayed { get; init; }

    /// <summary>Why the right-hand side was not replayed (null when it was, or when <see cref="OdeOptions.Replay"/> is off).</summary>
    public string? ReplayBlocker { get; init; }

    /// <summary>A one-line summary.</summary>
    /// <returns>Status, counts and final time.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Status}: {Message} t = {TFinal:G6}, {AcceptedSteps} steps ({RejectedSteps} rejected), nfev = {Nfev}, njev = {Njev}, nlu = {Nlu}");
}
