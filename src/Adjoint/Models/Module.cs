using System.Globalization;
using System.Text;
using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>
/// A differentiable function with named parameters and named submodules (a layer or a whole model), like Keras'
/// <c>Layer</c> and PyTorch's <c>nn.Module</c>.
/// </summary>
/// <remarks>
/// <para>A subclass registers its parameters with <see cref="RegisterParameter"/> and its submodules with
/// <see cref="RegisterModule{TModule}"/> in its constructor, and implements <see cref="Forward"/> with tensor
/// operations; derivatives come from autodiff. Parameters are named hierarchically by the path of module names:
/// <c>dense_1/kernel</c>, <c>encoder/norm/gamma</c>.</para>
/// <para>Inside <see cref="Forward"/>, call submodules through <see cref="Call"/> so that <see cref="Summary"/> can
/// report their output shapes.</para>
/// </remarks>
/// <example><code>
/// sealed class Affine : Module
/// {
///     private readonly Parameter _scale, _shift;
///     public Affine() { _scale = RegisterParameter("scale", Tensor.Ones([1])); _shift = RegisterParameter("shift", Tensor.Zeros([1])); }
///     public override Tensor Forward(Tensor x) =&gt; x * _scale.Value + _shift.Value;
/// }
/// </code></example>
public abstract class Module
{
    private readonly List<Parameter> _parameters = [];
    private readonly List<KeyValuePair<string, Module>> _children = [];
    private bool _training;
    private bool _recordShapes;

    /// <summary>The module's default name: its type name in snake case (<c>Dense</c> → <c>dense</c>, <c>LayerNorm</c> → <c>layer_norm</c>).</summary>
    public virtual string DefaultName => SnakeCase(GetType().Name);

    /// <summary>The module's own parameters, in registration order (not those of its submodules).</summary>
    public IReadOnlyList<Parameter> OwnParameters => _parameters;

    /// <summary>The direct submodules with their names, in registration order.</summary>
    public IReadOnlyList<KeyValuePair<string, Module>> Children => _children;

    /// <summary>
    /// Whether the module is in mini-batch training mode, where stochastic layers (<see cref="Dropout"/>) are active.
    /// Setting it sets every submodule. The trainer sets it only while it evaluates mini-batches; full-batch objectives,
    /// line searches, validation, <c>Predict</c> and <c>Evaluate</c> run with it false.
    /// </summary>
    public bool Training
    {
        get => _training;
        set
        {
            _training = value;
            foreach (var child in _children)
            {
                child.Value.Training = value;
            }
        }
    }

    /// <summary>The dtype of the parameters (float64 for a module without parameters).</summary>
    public DType DType => NamedParameters().Select(p => p.Value.Value.DType).FirstOrDefault(DType.Float64);

    /// <summary>The total number of scalar parameters, trainable or not.</summary>
    public int ParameterCount => NamedParameters().Sum(p => p.Value.Size);

    /// <summary>The number of scalar parameters that training moves.</summary>
    public int TrainableParameterCount => NamedParameters().Where(p => p.Value.Trainable).Sum(p => p.Value.Size);

    /// <summary>The shape of the output of the last <see cref="Call"/> made while <see cref="Summary"/> ran, or null.</summary>
    internal Shape? LastOutputShape { get; private set; }

    /// <summary>Computes the module's output for the input <paramref name="x"/>, with tensor operations.</summary>
    public abstract Tensor Forward(Tensor x);

    /// <summary>Runs <see cref="Forward"/>; submodules should be called this way so that <see cref="Summary"/> sees their output shapes.</summary>
    public Tensor Call(Tensor x)
    {
        var y = Forward(x);
        if (_recordShapes)
        {
            LastOutputShape = y.Shape;
        }

        return y;
    }

    /// <summary>
    /// The output for <paramref name="x"/> with the parameters named in <paramref name="parameters"/> replaced by the
    /// tensors given (the model as a function of its parameters, like <c>torch.func.functional_call</c>); gradients flow
    /// to those tensors. The module's own values are restored afterwards, even when the forward pass throws.
    /// </summary>
    /// <param name="parameters">Tensors by full parameter name; parameters not named keep their values.</param>
    /// <param name="x">The input.</param>
    /// <exception cref="ArgumentException">A name is unknown or a shape differs.</exception>
    public Tensor ForwardWith(IReadOnlyDictionary<string, Tensor> parameters, Tensor x)
    {
        using var binding = Bind(parameters);
        return Call(x);
    }

    /// <summary>Temporarily replaces parameter values by the tensors given (shape-checked); disposing restores them.</summary>
    internal IDisposable Bind(IReadOnlyDictionary<string, Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var byName = NamedParameters().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var saved = new List<(Parameter, Tensor)>(parameters.Count);
        try
        {
            foreach (var (name, value) in parameters)
            {
                if (!byName.TryGetValue(name, out var p))
                {
                    throw new ArgumentException($"The model has no parameter named '{name}'. Known: {string.Join(", ", byName.Keys)}.", nameof(parameters));
                }

                if (value.Shape != p.Shape)
                {
                    throw new ArgumentException($"Parameter '{name}' has shape {p.Shape}; the tensor given has shape {value.Shape}.", nameof(parameters));
                }

                saved.Add((p, p.Value));
                p.Bind(value);
            }
        }
        catch
        {
            Restore(saved);
            throw;
        }

        return new Restorer(saved);
    }

    private static void Restore(List<(Parameter Parameter, Tensor Value)> saved)
    {
        foreach (var (p, v) in saved)
        {
            p.Bind(v);
        }
    }

    private sealed class Restorer(List<(Parameter, Tensor)> saved) : IDisposable
    {
        public void Dispose() => Restore(saved);
    }

    /// <summary>Every parameter with its full hierarchical name (<c>dense_1/kernel</c>), own parameters first, then each submodule's in order.</summary>
    public IEnumerable<KeyValuePair<string, Parameter>> NamedParameters()
    {
        foreach (var p in _parameters)
        {
            yield return new(p.Name, p);
        }

        foreach (var (name, child) in _children)
        {
            foreach (var (childName, p) in child.NamedParameters())
            {
                yield return new(name + "/" + childName, p);
            }
        }
    }

    /// <summary>Every parameter, in the order of <see cref="NamedParameters"/>.</summary>
    public IReadOnlyList<Parameter> Parameters() => NamedParameters().Select(p => p.Value).ToArray();

    /// <summary>A snapshot of the parameter values by full name (detached tensors).</summary>
    /// <param name="trainableOnly">Only the parameters that training moves.</param>
    public Variables GetParameterValues(bool trainableOnly = false)
    {
        var v = new Variables();
        foreach (var (name, p) in NamedParameters())
        {
            if (!trainableOnly || p.Trainable)
            {
                v.Add(name, p.Value.Detach());
            }
        }

        return v;
    }

    /// <summary>Writes values by full name into the parameters (converted to each parameter's dtype); names not given keep their values.</summary>
    /// <param name="values">Tensors named as in <see cref="NamedParameters"/>.</param>
    /// <exception cref="ArgumentException">A name is unknown or a shape differs.</exception>
    public void SetParameterValues(IReadOnlyDictionary<string, Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var byName = NamedParameters().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (!byName.TryGetValue(name, out var p))
            {
                throw new ArgumentException($"The model has no parameter named '{name}'. Known: {string.Join(", ", byName.Keys)}.", nameof(values));
            }

            if (value.Shape != p.Shape)
            {
                throw new ArgumentException($"Parameter '{name}' has shape {p.Shape}; the value given has shape {value.Shape}.", nameof(values));
            }

            var detached = value.Detach();
            p.Value = detached.DType == p.Value.DType ? detached : detached.To(p.Value.DType).Detach();
        }
    }

    /// <summary>Converts every parameter to <paramref name="dtype"/> in place and returns this module.</summary>
    public Module To(DType dtype)
    {
        foreach (var p in Parameters())
        {
            if (p.Value.DType != dtype)
            {
                p.Value = p.Value.Detach().To(dtype).Detach();
            }
        }

        return this;
    }

    /// <summary>
    /// A table like Keras' <c>model.summary()</c>: each direct submodule with its type, output shape (batch axis shown as
    /// None) and parameter count, then the totals. Output shapes come from one forward pass on zeros shaped
    /// [1, <paramref name="inputShape"/>...]; without an input shape they are not shown.
    /// </summary>
    /// <param name="inputShape">The shape of one sample (without the batch axis), or empty.</param>
    public string Summary(params int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        Shape? output = null;
        if (inputShape.Length > 0)
        {
            var all = Descendants().ToArray();
            bool wasTraining = Training;
            try
            {
                Training = false;
                foreach (var m in all)
                {
                    m._recordShapes = true;
                    m.LastOutputShape = null;
                }

                using var noGrad = Grad.NoGrad();
                using var scope = TensorScope.Begin();
                output = Call(Tensor.Zeros([1, .. inputShape], DType)).Shape;
            }
            finally
            {
                foreach (var m in all)
                {
                    m._recordShapes = false;
                }

                Training = wasTraining;
            }
        }

        const int width = 65;
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Model: \"{DefaultName}\"");
        sb.AppendLine(new string('_', width));
        sb.AppendLine(Row("Layer (type)", "Output Shape", "Param #"));
        sb.AppendLine(new string('=', width));
        var rows = _children.Count > 0 ? _children : [new(DefaultName, this)];
        for (int i = 0; i < rows.Count; i++)
        {
            var (name, child) = rows[i];
            string shape = child.LastOutputShape is { } s ? ShapeText(s) : output is { } o && rows.Count == 1 ? ShapeText(o) : "?";
            sb.AppendLine(Row($"{name} ({child.GetType().Name})", shape, child.ParameterCount.ToString("N0", c)));
            sb.AppendLine(i == rows.Count - 1 ? new string('=', width) : new string(' ', width));
        }

        if (_children.Count > 0 && _parameters.Count > 0)
        {
            sb.AppendLine(c, $"(own parameters of {DefaultName}: {_parameters.Sum(p => p.Size).ToString("N0", c)})");
        }

        sb.AppendLine(c, $"Total params: {ParameterCount.ToString("N0", c)}");
        sb.AppendLine(c, $"Trainable params: {TrainableParameterCount.ToString("N0", c)}");
        sb.AppendLine(c, $"Non-trainable params: {(ParameterCount - TrainableParameterCount).ToString("N0", c)}");
        sb.Append(new string('_', width));
        return sb.ToString();
    }

    /// <summary>Registers a parameter of this module with its initial value.</summary>
    /// <param name="name">A name unique among this module's parameters and submodules, without '/'.</param>
    /// <param name="initial">The initial value (detached and kept).</param>
    /// <exception cref="ArgumentException">The name is empty, contains '/', or is taken.</exception>
    protected Parameter RegisterParameter(string name, Tensor initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        CheckName(name);
        var p = new Parameter(name, initial.Detach());
        _parameters.Add(p);
        return p;
    }

    /// <summary>Registers a submodule under <paramref name="name"/>; its parameters are named <c>name/...</c>.</summary>
    /// <exception cref="ArgumentException">The name is empty, contains '/', or is taken, or the module is this one.</exception>
    protected TModule RegisterModule<TModule>(string name, TModule module)
        where TModule : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name);
        if (ReferenceEquals(module, this))
        {
            throw new ArgumentException("A module cannot contain itself.", nameof(module));
        }

        _children.Add(new(name, module));
        module.Training = _training;
        return module;
    }

    /// <summary>Whether <paramref name="name"/> is already used by a parameter or submodule of this module.</summary>
    protected bool IsNameTaken(string name) => _parameters.Exists(p => p.Name == name) || _children.Exists(c => c.Key == name);

    private void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The name '{name}' contains '/', which separates the levels of parameter names.", nameof(name));
        }

        if (IsNameTaken(name))
        {
            throw new ArgumentException($"{GetType().Name} already has a parameter or submodule named '{name}'.", nameof(name));
        }
    }

    private IEnumerable<Module> Descendants()
    {
        yield return this;
        foreach (var (_, child) in _children)
        {
            foreach (var m in child.Descendants())
            {
                yield return m;
            }
        }
    }

    private static string Row(string layer, string shape, string count)
    {
        static string Fit(string s, int w) => s.Length >= w ? s[..(w - 1)] + " " : s.PadRight(w);
        return Fit(" " + layer, 29) + Fit(shape, 26) + count.PadRight(10);
    }

    private static string ShapeText(Shape s)
    {
        var dims = s.ToArray();
        return "(" + string.Join(", ", dims.Select((d, i) => i == 0 ? "None" : d.ToString(CultureInfo.InvariantCulture))) + (dims.Length == 1 ? ",)" : ")");
    }

    internal static string SnakeCase(string typeName)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < typeName.Length; i++)
        {
            char ch = typeName[i];
            if (char.IsUpper(ch) && i > 0 && (char.IsLower(typeName[i - 1]) || (i + 1 < typeName.Length && char.IsLower(typeName[i + 1]))))
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(ch));
        }

        return sb.ToString();
    }
}
