using Adjoint.Autodiff;
using Adjoint.Optimize;
using Adjoint.Optimize.Constraints;
using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>
/// A model's loss on fixed data as a function of its trainable parameters by full name, so that every
/// <see cref="Minimizer"/> method (BFGS, L-BFGS-B with bounds, CG, Newton-CG, trust-krylov, Adam, ...) trains it full batch.
/// </summary>
/// <remarks>
/// <para>The variables are the trainable parameters, named as in <see cref="Module.NamedParameters"/>
/// (<c>dense/kernel</c>), with their shapes and dtypes; <see cref="Bounds"/> keyed by those names bound them.
/// <see cref="Minimize"/> starts at the parameters' current values and writes the solution back into the same
/// module, so layers, non-trainable parameters and everything else about the model stay as they were. The model is
/// evaluated with <see cref="Module.Training"/> false: dropout is the identity, and the objective is deterministic, as
/// line searches and quasi-Newton updates require. Data given in float64 is converted once when the run evaluates in
/// float32.</para>
/// <para>Chunked evaluation (<see cref="ModelObjectiveOptions.ChunkSize"/>): the data loss is evaluated chunk by chunk
/// in order, each chunk on its own tape whose nodes and storage are released before the next chunk starts, so memory
/// holds one chunk's intermediates at a time (the chunks of a gradient evaluation run on a worker thread, whose tape is
/// not nested in the caller's, while the caller waits). With <see cref="LossReduction.Mean"/> chunk c of n_c samples contributes
/// (n_c / N)·loss_c, with <see cref="LossReduction.Sum"/> loss_c; values and gradients are accumulated in float64 in
/// chunk order, which makes the result deterministic (the same bits on every run and thread count) and equal to the
/// one-tape value and gradient up to rounding. Hessian-vector products are accumulated the same way, one chunk at a
/// time. The loss must be a mean (or a sum) over samples for the chunked loss to equal the full one.</para>
/// </remarks>
/// <example><code>
/// var model = new Sequential(new Dense(2, 1, seed: 0));
/// var objective = ModelObjective.Create(model, Losses.MeanSquaredError, x, y);
/// var result = objective.Minimize(new LBfgsBOptions());   // the model now holds the solution
/// </code></example>
public sealed class ModelObjective
{
    private readonly Func<Tensor, Tensor, Tensor> _loss;
    private readonly (Tensor X, Tensor Y, double Weight)[]? _chunks;

    private ModelObjective(Module model, Func<Tensor, Tensor, Tensor> loss, Tensor x, Tensor y, ModelObjectiveOptions options)
    {
        Model = model;
        _loss = loss;
        X = x;
        Y = y;
        Options = options;
        if (options.ChunkSize is { } size)
        {
            int n = x.Shape[0];
            var chunks = new List<(Tensor, Tensor, double)>();
            for (int start = 0; start < n; start += size)
            {
                int end = Math.Min(n, start + size);
                double weight = options.Reduction == LossReduction.Mean ? (end - start) / (double)n : 1.0;
                chunks.Add((Owned(x[start..end]), Owned(y[start..end]), weight));
            }

            _chunks = [.. chunks];
        }

        Objective = Optimize.Objective.Create(Evaluate);
        if (_chunks is not null)
        {
            Objective = Objective with { HessianVectorProduct = ChunkedHessianVectorProduct };
        }
    }

    /// <summary>A garbage-collected copy (never owned by a <see cref="TensorScope"/>).</summary>
    private static Tensor Owned(Tensor t) => Tensor.FromArray(t.ToArray(), t.Shape, t.DType);

    /// <summary>The model (the same instance that was given).</summary>
    public Module Model { get; }

    /// <summary>The inputs.</summary>
    public Tensor X { get; }

    /// <summary>The targets.</summary>
    public Tensor Y { get; }

    /// <summary>The loss of (prediction, target).</summary>
    internal Func<Tensor, Tensor, Tensor> Loss => _loss;

    /// <summary>The settings.</summary>
    public ModelObjectiveOptions Options { get; }

    /// <summary>The objective over the trainable parameters by full name, for <see cref="Minimizer.Minimize(Optimize.Objective, Variables, MinimizeOptions?, Bounds?, MinimizeControl?, IReadOnlyList{Constraint}?)"/>.</summary>
    public Objective Objective { get; }

    /// <summary>The number of chunks the data loss is evaluated in (1 without chunking).</summary>
    public int ChunkCount => _chunks?.Length ?? 1;

    /// <summary>Builds the objective of <paramref name="model"/>'s trainable parameters: loss(model(x), y) + regularization.</summary>
    /// <param name="model">The model.</param>
    /// <param name="loss">The loss of (prediction, target), such as <see cref="Losses.MeanSquaredError"/>.</param>
    /// <param name="x">The inputs; axis 0 indexes samples.</param>
    /// <param name="y">The targets; axis 0 indexes samples.</param>
    /// <param name="options">Regularization and chunking; null for none.</param>
    /// <exception cref="ArgumentException">x and y have different numbers of samples, or the model has no trainable parameters.</exception>
    public static ModelObjective Create(Module model, Func<Tensor, Tensor, Tensor> loss, Tensor x, Tensor y, ModelObjectiveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank == 0 || y.Rank == 0 || x.Shape[0] != y.Shape[0])
        {
            throw new ArgumentException($"x (shape {x.Shape}) and y (shape {y.Shape}) must have the same number of samples along axis 0.", nameof(y));
        }

        if (model.TrainableParameterCount == 0)
        {
            throw new ArgumentException("The model has no trainable parameters.", nameof(model));
        }

        return new ModelObjective(model, loss, x, y, options ?? new ModelObjectiveOptions());
    }

    /// <summary>The trainable parameters' current values by full name: the starting point of <see cref="Minimize"/>.</summary>
    public Variables Start() => Model.GetParameterValues(trainableOnly: true);

    /// <summary>The objective at the model's current parameters.</summary>
    public double Value()
    {
        using var noGrad = Grad.NoGrad();
        using var scope = TensorScope.Begin();
        var start = Start();
        using var precision = EvaluationPrecision.Begin(start.Values.First().DType);
        return Evaluate(start).Item();
    }

    /// <summary>The objective at the model's current parameters and its gradient by full name.</summary>
    public (double Value, Variables Gradient) ValueAndGradient()
    {
        var start = Start();
        using var precision = EvaluationPrecision.Begin(start.Values.First().DType);
        var (v, g) = Grad.ValueAndGrad(Evaluate, start);
        return (v.Item(), g);
    }

    /// <summary>
    /// Minimizes the objective from the model's current trainable parameters and writes the solution (the result's
    /// <see cref="MinimizeResult.Variables"/>) back into the model.
    /// </summary>
    /// <param name="options">The method's options (selects the method); null: BFGS, or L-BFGS-B with bounds.</param>
    /// <param name="bounds">Bounds by full parameter name, or null.</param>
    /// <param name="control">Callback, progress, output and cancellation, or null.</param>
    public MinimizeResult Minimize(MinimizeOptions? options = null, Bounds? bounds = null, MinimizeControl? control = null)
    {
        var result = Minimizer.Minimize(Objective, Start(), options, bounds, control);
        Model.SetParameterValues(result.Variables);
        return result;
    }

    /// <summary>The objective at the given parameter tensors (by full name), recorded on the active tape.</summary>
    public Tensor Evaluate(Variables parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var data = _chunks is null ? DataLoss(parameters, X, Y) : new ChunkedLoss(this, parameters.Names).Run(parameters);
        return Options.Regularization is { } reg ? data.Reshape(Shape.Scalar) + reg(parameters).Reshape(Shape.Scalar) : data;
    }

    /// <summary>loss(model(x), y) with the parameters bound to <paramref name="parameters"/>, in evaluation mode.</summary>
    internal Tensor DataLoss(IReadOnlyDictionary<string, Tensor> parameters, Tensor x, Tensor y)
    {
        bool training = Model.Training;
        Model.Training = false;
        try
        {
            using var binding = Model.Bind(parameters);
            return _loss(Model.Call(x), y);
        }
        finally
        {
            Model.Training = training;
        }
    }

    private double[] ChunkedHessianVectorProduct(double[] x, double[] v)
    {
        var layout = Start();
        var dtype = layout.Values.First().DType;
        var names = layout.Names.ToArray();
        var shapes = layout.Values.Select(t => t.Shape).ToArray();
        var total = new double[x.Length];
        var point = Tensor.FromArray(x, [x.Length], dtype);
        var direction = Tensor.FromArray(v, [v.Length], dtype);
        Variables Split(Tensor flat)
        {
            var vars = new Variables();
            int offset = 0;
            for (int i = 0; i < names.Length; i++)
            {
                vars[names[i]] = flat[offset..(offset + shapes[i].Size)].Reshape(shapes[i]);
                offset += shapes[i].Size;
            }

            return vars;
        }

        foreach (var (cx, cy, weight) in _chunks!)
        {
            using var scope = TensorScope.Begin();
            using var precision = EvaluationPrecision.Begin(dtype);
            var hv = Grad.Hvp(flat => DataLoss(Split(flat), cx, cy).Reshape(Shape.Scalar), point, direction).ToArray();
            for (int i = 0; i < total.Length; i++)
            {
                total[i] += weight * hv[i];
            }
        }

        if (Options.Regularization is { } reg)
        {
            using var scope = TensorScope.Begin();
            using var precision = EvaluationPrecision.Begin(dtype);
            var hv = Grad.Hvp(flat => reg(Split(flat)).Reshape(Shape.Scalar), point, direction).ToArray();
            for (int i = 0; i < total.Length; i++)
            {
                total[i] += hv[i];
            }
        }

        return total;
    }

    /// <summary>
    /// The data loss evaluated chunk by chunk. When the parameters are on a tape, the chunks' values and gradients are
    /// computed first on a worker thread, whose tape is its own and is emptied after every chunk (the caller's tape
    /// would keep every chunk's nodes until the whole evaluation ends); the recorded node then returns the accumulated
    /// gradient in the backward pass.
    /// </summary>
    private sealed class ChunkedLoss(ModelObjective owner, IReadOnlyList<string> names) : DifferentiableFunction
    {
        private double _value;
        private double[][]? _gradients;

        public Tensor Run(Variables parameters)
        {
            var inputs = names.Select(n => parameters[n]).ToArray();
            var detached = inputs.Select(t => t.Detach()).ToArray();
            if (Array.Exists(inputs, t => t.IsTracked))
            {
                var precision = EvaluationPrecision.Current ?? inputs[0].DType;
                OnFreshThread(() =>
                {
                    using var scope = EvaluationPrecision.Begin(precision);
                    Accumulate(detached, withGradient: true);
                });
            }
            else
            {
                using var noGrad = Grad.NoGrad();
                Accumulate(detached, withGradient: false);
            }

            return Apply(inputs);
        }

        private void Accumulate(Tensor[] parameters, bool withGradient)
        {
            double total = 0;
            double[][]? sums = withGradient ? parameters.Select(t => new double[t.Size]).ToArray() : null;
            foreach (var (cx, cy, weight) in owner._chunks!)
            {
                using var scope = TensorScope.Begin();
                if (sums is null)
                {
                    total += weight * owner.DataLoss(Variables.FromPairs(names, parameters), cx, cy).Item();
                    continue;
                }

                var (value, grads) = Grad.ValueAndGrad(xs => owner.DataLoss(Variables.FromPairs(names, xs), cx, cy).Reshape(Shape.Scalar), parameters);
                total += weight * value.Item();
                for (int k = 0; k < grads.Length; k++)
                {
                    var g = grads[k].ToArray();
                    var sum = sums[k];
                    for (int i = 0; i < sum.Length; i++)
                    {
                        sum[i] += weight * g[i];
                    }
                }
            }

            _value = total;
            _gradients = sums;
        }

        private static void OnFreshThread(Action work)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    work();
                }
#pragma warning disable CA1031 // The exception is rethrown on the calling thread.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
                }
            }, maxStackSize: 16 << 20);
            thread.Start();
            thread.Join();
            failure?.Throw();
        }

        protected override Tensor Forward(IReadOnlyList<Tensor> inputs) => Tensor.Full(Shape.Scalar, _value, inputs[0].DType);

        protected override Tensor?[] Backward(IReadOnlyList<Tensor> inputs, Tensor output, Tensor grad)
        {
            var sums = _gradients ?? throw new InvalidOperationException("The chunked loss was differentiated without a recorded forward pass.");
            var result = new Tensor?[inputs.Count];
            for (int k = 0; k < inputs.Count; k++)
            {
                result[k] = grad * Tensor.FromArray(sums[k], inputs[k].Shape, inputs[k].DType);
            }

            return result;
        }
    }
}
