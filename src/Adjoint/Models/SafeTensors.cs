using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Adjoint.Autodiff;
using Adjoint.Tensors;

namespace Adjoint.Models;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face): named float32 (<c>F32</c>) and float64 (<c>F64</c>) tensors,
/// byte for byte as the Python <c>safetensors</c> library writes them.
/// </summary>
/// <remarks>
/// <para>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON,
/// <c>{"__metadata__":{...},"name":{"dtype":"F32","shape":[4,1],"data_offsets":[0,16]},...}</c> without spaces, padded
/// with spaces to a multiple of 8; then the tensors' little-endian row-major bytes, contiguous, in header order, with
/// offsets relative to the end of the header. Entries are ordered as the reference writer orders them: by dtype, wider
/// first (F64 before F32), then by name in ordinal order; <c>__metadata__</c> (string values) comes first and is
/// omitted when empty.</para>
/// <para>Reading validates everything and throws <see cref="InvalidDataException"/> naming the problem: a file shorter
/// than its header length, a header that is not a JSON object, an unsupported dtype, a shape whose byte size differs
/// from its offsets, offsets that overlap, leave gaps or run past the end of the file.</para>
/// </remarks>
public static class SafeTensors
{
    /// <summary>The bytes of a safetensors file holding <paramref name="tensors"/>.</summary>
    /// <param name="tensors">Named float32 or float64 tensors.</param>
    /// <param name="metadata">String metadata (<c>__metadata__</c>), or null.</param>
    /// <exception cref="ArgumentException">A name is empty or is <c>__metadata__</c>.</exception>
    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var entries = tensors.Select(p => (Name: p.Key, Tensor: p.Value))
            .OrderByDescending(e => e.Tensor.DType == DType.Float64 ? 1 : 0)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToArray();
        var json = new StringBuilder("{");
        bool first = true;
        if (metadata is { Count: > 0 })
        {
            json.Append("\"__metadata__\":{");
            bool firstEntry = true;
            foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.Append(firstEntry ? "" : ",");
                AppendString(json, key);
                json.Append(':');
                AppendString(json, value);
                firstEntry = false;
            }

            json.Append('}');
            first = false;
        }

        long offset = 0;
        foreach (var (name, tensor) in entries)
        {
            if (string.IsNullOrEmpty(name) || name == MetadataKey)
            {
                throw new ArgumentException($"'{name}' cannot name a tensor in a safetensors file.", nameof(tensors));
            }

            long size = (long)tensor.Size * ElementSize(tensor.DType);
            json.Append(first ? "" : ",");
            AppendString(json, name);
            json.Append(CultureInfo.InvariantCulture, $":{{\"dtype\":\"{DTypeName(tensor.DType)}\",\"shape\":[{string.Join(",", tensor.Shape.ToArray())}],\"data_offsets\":[{offset},{offset + size}]}}");
            offset += size;
            first = false;
        }

        json.Append('}');
        var header = Encoding.UTF8.GetBytes(json.ToString());
        int padded = (header.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        header.CopyTo(bytes, 8);
        bytes.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        int position = 8 + padded;
        foreach (var (_, tensor) in entries)
        {
            position += WriteData(tensor, bytes.AsSpan(position));
        }

        return bytes;
    }

    /// <summary>Writes <paramref name="tensors"/> to a safetensors file.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        File.WriteAllBytes(path, Serialize(tensors, metadata));

    /// <summary>Writes a model's parameters (all of them, by full name) to a safetensors file.</summary>
    public static void SaveModel(Module model, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Save(path, model.GetParameterValues(), metadata);
    }

    /// <summary>Reads a safetensors file.</summary>
    /// <exception cref="InvalidDataException">The file is malformed (the message names the problem).</exception>
    public static SafeTensorsContent Load(string path) => Deserialize(File.ReadAllBytes(path));

    /// <summary>Reads parameters by full name from a safetensors file into <paramref name="model"/> (every parameter must be present).</summary>
    /// <exception cref="InvalidDataException">The file is malformed or lacks one of the model's parameters.</exception>
    /// <exception cref="ArgumentException">The file holds a name the model lacks, or a shape differs.</exception>
    public static void LoadModel(Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var content = Load(path);
        var missing = model.NamedParameters().Select(p => p.Key).Where(n => !content.Tensors.ContainsKey(n)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidDataException($"safetensors: the file has no tensor for the parameter(s) {string.Join(", ", missing)}.");
        }

        model.SetParameterValues(content.Tensors);
    }

    /// <summary>Parses the bytes of a safetensors file.</summary>
    /// <exception cref="InvalidDataException">The bytes are malformed (the message names the problem).</exception>
    public static SafeTensorsContent Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"safetensors: the file has {bytes.Length} bytes, fewer than the 8-byte header length.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw new InvalidDataException($"safetensors: the header length {headerLength} exceeds the {bytes.Length - 8} bytes after the length field (truncated file or bad header length).");
        }

        var headerBytes = bytes.Slice(8, (int)headerLength);
        var data = bytes[(8 + (int)headerLength)..];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes.ToArray());
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"safetensors: the header is not valid JSON ({ex.Message}).", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"safetensors: the header is a JSON {document.RootElement.ValueKind}, not an object.");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var infos = new List<(string Name, DType DType, int[] Shape, long Begin, long End)>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata);
                    continue;
                }

                infos.Add(ReadInfo(property.Name, property.Value));
            }

            long expected = 0;
            foreach (var info in infos.OrderBy(i => i.Begin).ThenBy(i => i.End))
            {
                if (info.Begin != expected)
                {
                    throw new InvalidDataException(info.Begin < expected
                        ? $"safetensors: tensor '{info.Name}' data_offsets [{info.Begin}, {info.End}] overlap the previous tensor's data (which ends at {expected})."
                        : $"safetensors: tensor '{info.Name}' starts at {info.Begin}, leaving a gap after byte {expected}.");
                }

                if (info.End > data.Length)
                {
                    throw new InvalidDataException($"safetensors: tensor '{info.Name}' data_offsets [{info.Begin}, {info.End}] run past the end of the data ({data.Length} bytes).");
                }

                expected = info.End;
            }

            if (expected != data.Length)
            {
                throw new InvalidDataException($"safetensors: the tensors cover {expected} bytes but the data section has {data.Length}.");
            }

            var tensors = new Variables();
            foreach (var info in infos.OrderBy(i => i.Begin).ThenBy(i => i.Name, StringComparer.Ordinal))
            {
                tensors.Add(info.Name, ReadData(data[(int)info.Begin..(int)info.End], info.Shape, info.DType));
            }

            return new SafeTensorsContent(tensors, metadata);
        }
    }

    private const string MetadataKey = "__metadata__";

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("safetensors: __metadata__ must be an object of strings.");
        }

        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"safetensors: __metadata__ entry '{entry.Name}' is a {entry.Value.ValueKind}, not a string.");
            }

            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static (string, DType, int[], long, long) ReadInfo(string name, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !element.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"safetensors: tensor '{name}' needs \"dtype\" (string), \"shape\" and \"data_offsets\" (arrays).");
        }

        string dtypeName = dtypeElement.GetString()!;
        var dtype = dtypeName switch
        {
            "F32" => DType.Float32,
            "F64" => DType.Float64,
            _ => throw new InvalidDataException($"safetensors: tensor '{name}' has dtype '{dtypeName}'; only F32 and F64 are supported."),
        };
        var shape = new List<int>();
        long count = 1;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0)
            {
                throw new InvalidDataException($"safetensors: tensor '{name}' has a shape entry {d.GetRawText()} that is not a non-negative integer.");
            }

            shape.Add(dim);
            count *= dim;
        }

        var offsets = offsetsElement.EnumerateArray().ToArray();
        if (offsets.Length != 2 || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin)
        {
            throw new InvalidDataException($"safetensors: tensor '{name}' has data_offsets {offsetsElement.GetRawText()}; expected [begin, end] with 0 <= begin <= end.");
        }

        long bytes = count * ElementSize(dtype);
        if (end - begin != bytes)
        {
            throw new InvalidDataException($"safetensors: tensor '{name}' of dtype {dtypeName} and shape [{string.Join(", ", shape)}] needs {bytes} bytes, but data_offsets [{begin}, {end}] span {end - begin}.");
        }

        return (name, dtype, [.. shape], begin, end);
    }

    private static int ElementSize(DType dtype) => dtype == DType.Float32 ? 4 : 8;

    private static string DTypeName(DType dtype) => dtype == DType.Float32 ? "F32" : "F64";

    private static int WriteData(Tensor tensor, Span<byte> destination)
    {
        if (tensor.DType == DType.Float32)
        {
            var values = tensor.ToSingleArray();
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], values[i]);
            }

            return 4 * values.Length;
        }

        var doubles = tensor.ToArray();
        for (int i = 0; i < doubles.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination[(8 * i)..], doubles[i]);
        }

        return 8 * doubles.Length;
    }

    private static Tensor ReadData(ReadOnlySpan<byte> bytes, int[] shape, DType dtype)
    {
        if (dtype == DType.Float32)
        {
            var values = new float[bytes.Length / 4];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
            }

            return Tensor.FromArray(values, shape);
        }

        var doubles = new double[bytes.Length / 8];
        for (int i = 0; i < doubles.Length; i++)
        {
            doubles[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]);
        }

        return Tensor.FromArray(doubles, shape);
    }

    /// <summary>Appends a JSON string escaped as serde_json escapes it (quote, backslash and control characters only).</summary>
    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char ch in s)
        {
            switch (ch)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (ch < 0x20)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:x4}");
                    }
                    else
                    {
                        sb.Append(ch);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
