namespace Adjoint.Optimize.LineSearch;

/// <summary>Which strong Wolfe line search a method runs (<see cref="LineSearchOptions.Strategy"/>).</summary>
public enum LineSearchStrategy
{
    /// <summary>
    /// Moré-Thuente (<see cref="StrongWolfe"/>) first and, when it fails or its step fails the method's extra acceptance
    /// test, the bracketing zoom (<see cref="StrongWolfeZoom"/>): scipy's <c>_line_search_wolfe12</c>, the default of
    /// BFGS, CG and Newton-CG.
    /// </summary>
    MoreThuenteWithZoomFallback,

    /// <summary>Moré-Thuente only (MINPACK-2 <c>dcsrch</c>); a method's extra acceptance test is not applied.</summary>
    MoreThuente,

    /// <summary>Nocedal &amp; Wright's bracketing and zoom only (scipy's <c>line_search_wolfe2</c>).</summary>
    Zoom,
}
