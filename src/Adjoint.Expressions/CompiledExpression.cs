using Adjoint.Expressions.Parsing;
using Adjoint.Tensors;

namespace Adjoint.Expressions;

/// <summary>An <see cref="Expression"/> bound to slots: evaluate it with one tensor per slot. Immutable and thread-safe.</summary>
public sealed class CompiledExpression
{
    private readonly Instruction[] _program;
    private readonly string[] _slots;

    internal CompiledExpression(Expression source, Instruction[] program, string[] slots)
    {
        Source = source;
        _program = program;
        _slots = slots;
    }

    /// <summary>The expression this was compiled from.</summary>
    public Expression Source { get; }

    /// <summary>The slot names, in the order <see cref="Evaluate"/> takes the values.</summary>
    public IReadOnlyList<string> Slots => _slots;

    /// <summary>Evaluates with one value per slot.</summary>
    /// <param name="values">The values, in the order of <see cref="Slots"/>: tensors that broadcast together (scalars for parameters, vectors for data).</param>
    /// <returns>The value: a tensor of the broadcast shape, in the dtype of the values (a scalar in the first value's dtype, or float64, for a constant expression).</returns>
    /// <exception cref="ArgumentException">The number of values differs from the number of slots, or a tensor operation rejects the values (shapes that do not broadcast).</exception>
    public Tensor Evaluate(params ReadOnlySpan<Tensor> values)
    {
        if (values.Length != _slots.Length)
        {
            throw new ArgumentException($"The expression takes {_slots.Length} values ({string.Join(", ", _slots)}), not {values.Length}.", nameof(values));
        }

        var dtype = values.Length > 0 ? values[0].DType : DType.Float64;
        var tensors = new Tensor?[_program.Length];
        var constants = new double[_program.Length];
        int top = -1;
        foreach (var ins in _program)
        {
            switch (ins.Op)
            {
                case OpCode.Constant:
                    top++;
                    tensors[top] = null;
                    constants[top] = ins.Value;
                    break;
                case OpCode.Load:
                    top++;
                    tensors[top] = values[ins.Index];
                    break;
                case OpCode.Negate:
                    tensors[top] = -tensors[top]!;
                    break;
                case OpCode.Call:
                    int first = top - ins.Arguments + 1;
                    var args = new Tensor[ins.Arguments];
                    var like = FirstTensor(tensors, first, top);
                    for (int k = 0; k < args.Length; k++)
                    {
                        args[k] = tensors[first + k] ?? Tensor.Scalar(constants[first + k], like?.DType ?? dtype);
                    }

                    top = first;
                    tensors[top] = ExpressionFunctions.Apply(ins.Index, args);
                    break;
                default:
                    var b = tensors[top];
                    double bc = constants[top];
                    top--;
                    var a = tensors[top];
                    double ac = constants[top];
                    tensors[top] = Binary(ins.Op, a, ac, b, bc);
                    break;
            }
        }

        return tensors[0] ?? Tensor.Scalar(constants[0], dtype);
    }

    private static Tensor? FirstTensor(Tensor?[] tensors, int first, int last)
    {
        for (int i = first; i <= last; i++)
        {
            if (tensors[i] is { } t)
            {
                return t;
            }
        }

        return null;
    }

    // Constant folding leaves no operation with two constant operands.
    private static Tensor Binary(OpCode op, Tensor? a, double ac, Tensor? b, double bc) => (a, b) switch
    {
        ({ } x, { } y) => op switch
        {
            OpCode.Add => x + y,
            OpCode.Subtract => x - y,
            OpCode.Multiply => x * y,
            OpCode.Divide => x / y,
            _ => Tensor.Pow(x, y),
        },
        ({ } x, null) => op switch
        {
            OpCode.Add => x + bc,
            OpCode.Subtract => x - bc,
            OpCode.Multiply => x * bc,
            OpCode.Divide => x / Tensor.Scalar(bc, x.DType),
            _ => Tensor.Pow(x, bc),
        },
        (null, { } y) => op switch
        {
            OpCode.Add => ac + y,
            OpCode.Subtract => ac - y,
            OpCode.Multiply => ac * y,
            OpCode.Divide => ac / y,
            _ => Tensor.Pow(ac, y),
        },
        _ => throw new InvalidOperationException("Two constant operands survived constant folding."),
    };
}
