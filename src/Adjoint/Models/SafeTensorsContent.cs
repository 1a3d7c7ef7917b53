using Adjoint.Autodiff;

namespace Adjoint.Models;

/// <summary>What a safetensors file holds: named tensors in file order and the optional string metadata.</summary>
/// <param name="Tensors">The tensors by name, in the order of their data in the file.</param>
/// <param name="Metadata">The <c>__metadata__</c> entries (empty when the file has none).</param>
public sealed record SafeTensorsContent(Variables Tensors, IReadOnlyDictionary<string, string> Metadata);
