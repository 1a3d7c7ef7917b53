namespace Adjoint.Calculus;

/// <summary>Which zero crossings of an <see cref="OdeEvent"/> count (scipy's <c>event.direction</c>).</summary>
public enum EventDirection
{
    /// <summary>Every sign change (scipy direction 0).</summary>
    Any,

    /// <summary>Only crossings from negative to positive (scipy direction &gt; 0).</summary>
    Rising,

    /// <summary>Only crossings from positive to negative (scipy direction &lt; 0).</summary>
    Falling,
}
