namespace Adjoint.Models;

/// <summary>The quantity early stopping watches (Keras' <c>monitor</c>); both are minimized.</summary>
public enum EarlyStoppingMonitor
{
    /// <summary>The validation loss (Keras <c>val_loss</c>, its default); needs validation data.</summary>
    ValidationLoss,

    /// <summary>The training loss (Keras <c>loss</c>).</summary>
    Loss,
}
