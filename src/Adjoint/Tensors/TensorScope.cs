namespace Adjoint.Tensors;

/// <summary>
/// A region whose tensors return their storage to a per-thread pool when it ends, so that repeated evaluations
/// reuse memory instead of touching fresh pages.
/// </summary>
/// <remarks>
/// Every tensor that an operation produces on this thread while the scope is the innermost one belongs to it
/// (tensors made from user arrays, such as <see cref="Tensor.FromArray(double[], Shape?)"/>, are ordinary
/// garbage-collected objects and are not tracked). Disposing the scope
/// disposes those tensors (using one afterwards throws <see cref="ObjectDisposedException"/>), except those passed
/// to <see cref="Keep"/>, which move to the enclosing scope (or to no scope, where the garbage collector owns them).
/// Tensors created before the scope began are never touched. The functional differentiation API
/// (<see cref="Autodiff.Grad"/>) runs each evaluation in a scope of its own and keeps only its results.
/// <example><code>
/// for (int i = 0; i &lt; 1000; i++)
/// {
///     using var scope = TensorScope.Begin();
///     var (value, gradient) = Grad.ValueAndGrad(f, x);   // intermediates are recycled at the end of each pass
///     Use(value.Item(), gradient);
/// }
/// </code></example>
/// </remarks>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? t_current;
    [ThreadStatic] private static List<Tensor>? t_spareList;

    private List<Tensor> _owned;
    private TensorScope? _parent;
    private bool _disposed;
    private readonly Thread _thread;

    private TensorScope(TensorScope? parent)
    {
        _parent = parent;
        _thread = Thread.CurrentThread;
        _owned = t_spareList ?? [];
        t_spareList = null;
    }

    internal static TensorScope? Current => t_current;

    /// <summary>Starts a scope on the current thread; it becomes the innermost one until disposed.</summary>
    public static TensorScope Begin()
    {
        var s = new TensorScope(t_current);
        t_current = s;
        return s;
    }

    /// <summary>The number of live tensors the scope owns.</summary>
    public int Count => _owned.Count;

    internal void Register(Tensor t)
    {
        t.Scope = this;
        _owned.Add(t);
    }

    /// <summary>
    /// Moves <paramref name="tensor"/> out of this scope into the enclosing one, so it survives this scope's end.
    /// </summary>
    /// <returns>The tensor to use from now on: the same one, or an owning copy when the tensor was a view of
    /// storage that this scope will recycle.</returns>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (tensor.Base is { } b && b.Scope == this)
        {
            var copy = tensor.CloneStorageInto(_parent);
            return copy;
        }

        if (tensor.Scope == this)
        {
            tensor.Scope = _parent;
            _parent?._owned.Add(tensor);
        }

        return tensor;
    }

    /// <summary>Ends the scope: its tensors give their storage back to the pool.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (Thread.CurrentThread != _thread)
        {
            throw new InvalidOperationException("A TensorScope must be disposed on the thread that began it.");
        }

        _disposed = true;
        foreach (var t in _owned)
        {
            if (t.Scope == this)
            {
                t.ReleaseStorage();
            }
        }

        _owned.Clear();
        if (Thread.CurrentThread == _thread && _owned.Capacity <= 4096)
        {
            t_spareList = _owned;
        }

        _owned = [];
        if (t_current == this)
        {
            t_current = _parent;
        }
        else
        {
            // Out-of-order disposal: unlink this scope from the chain.
            for (var s = t_current; s is not null; s = s._parent)
            {
                if (s._parent == this)
                {
                    s._parent = _parent;
                    break;
                }
            }
        }
    }
}
