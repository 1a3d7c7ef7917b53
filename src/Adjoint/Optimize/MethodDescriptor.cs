namespace Adjoint.Optimize;

/// <summary>A registered method: its scipy name, options type, capabilities, a one-line summary and a factory.</summary>
/// <param name="Name">The scipy name, matched case-insensitively.</param>
/// <param name="OptionsType">The options record that selects the method.</param>
/// <param name="Capabilities">What the method uses and honours.</param>
/// <param name="Summary">One line for listings.</param>
/// <param name="DefaultOptions">Creates the method's default options.</param>
/// <param name="Create">Creates the method from (its own) options.</param>
public sealed record MethodDescriptor(
    string Name,
    Type OptionsType,
    MethodCapabilities Capabilities,
    string Summary,
    Func<MinimizeOptions> DefaultOptions,
    Func<MinimizeOptions, IMinimizationMethod> Create);
