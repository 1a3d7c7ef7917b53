using System.Buffers.Binary;
using System.Text;
using Adjoint.Autodiff;
using Adjoint.Models;
using Adjoint.Tensors;

namespace Adjoint.Tests.Models;

public class SafeTensorsTests
{
    private static Variables Expected() => new()
    {
        ["dense/kernel"] = Tensor.FromArray([1f, 2f, 3f, 4f], [4, 1]),
        ["a"] = Tensor.FromArray([0.5f, -1.25f, 3.0e-8f, 65504f], [2, 2]),
        ["b64"] = Tensor.FromArray([0.1, -2.0, 1.0e300]),
        ["z"] = Tensor.FromArray([7f], Shape.Scalar),
        ["empty"] = Tensor.FromArray(Array.Empty<double>(), [0, 3]),
    };

    /// <summary>The expected file beside this source file (written by safetensors_expected.py).</summary>
    private static string ExpectedFile([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "safetensors_expected.safetensors");

    [Fact]
    public void Serialize_MatchesTheReferenceLayoutByteForByte()
    {
        var expected = File.ReadAllBytes(ExpectedFile());
        var bytes = SafeTensors.Serialize(Expected(), new Dictionary<string, string> { ["format"] = "pt" });
        Assert.Equal(expected, bytes);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        var padded = SafeTensors.Serialize(new Variables { ["x"] = Tensor.FromArray([1.0]) });
        ulong m = BinaryPrimitives.ReadUInt64LittleEndian(padded);
        string header = Encoding.UTF8.GetString(padded, 8, (int)m);
        Assert.Equal(0UL, m % 8);
        Assert.Equal("{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", header.TrimEnd(' '));
        Assert.True(header.Length > header.TrimEnd(' ').Length);
    }

    [Fact]
    public void RoundTrip_IsBitExact()
    {
        float[] f = [float.NaN, -0f, float.Epsilon, float.MaxValue, 1f / 3, float.NegativeInfinity];
        double[] d = [BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234), -0.0, double.Epsilon, Math.PI, double.PositiveInfinity, 1e-310];
        var tensors = new Variables { ["f"] = Tensor.FromArray(f, [2, 3]), ["d"] = Tensor.FromArray(d, [3, 2]) };
        var back = SafeTensors.Deserialize(SafeTensors.Serialize(tensors, new Dictionary<string, string> { ["k"] = "v \"quoted\"\n" }));
        Assert.Equal(["d", "f"], back.Tensors.Names);
        Assert.Equal(DType.Float32, back.Tensors["f"].DType);
        Assert.Equal(new Shape(2, 3), back.Tensors["f"].Shape);
        Assert.Equal(f.Select(BitConverter.SingleToInt32Bits), back.Tensors["f"].ToSingleArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(d.Select(BitConverter.DoubleToInt64Bits), back.Tensors["d"].ToArray().Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal("v \"quoted\"\n", back.Metadata["k"]);

        var reference = SafeTensors.Deserialize(File.ReadAllBytes(ExpectedFile()));
        foreach (var (name, t) in Expected())
        {
            Assert.Equal(t.Shape, reference.Tensors[name].Shape);
            Assert.Equal(t.DType, reference.Tensors[name].DType);
            Assert.Equal(t.ToArray(), reference.Tensors[name].ToArray());
        }

        Assert.Equal("pt", reference.Metadata["format"]);
    }

    [Fact]
    public void ModelWeights_SaveAndLoad()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adjoint-models-{Environment.ProcessId}.safetensors");
        try
        {
            var model = new Sequential(new Dense(3, 4, ActivationFunction.Tanh, seed: 1, dtype: DType.Float32), new LayerNorm(4, dtype: DType.Float32), new Dense(4, 2, seed: 2, dtype: DType.Float32));
            SafeTensors.SaveModel(model, path);
            var other = new Sequential(new Dense(3, 4, ActivationFunction.Tanh, seed: 8, dtype: DType.Float32), new LayerNorm(4, dtype: DType.Float32), new Dense(4, 2, seed: 9, dtype: DType.Float32));
            SafeTensors.LoadModel(other, path);
            Assert.Equal(model.GetParameterValues().Flatten(), other.GetParameterValues().Flatten());
            var x = Tensor.RandomNormal([5, 3], 1, dtype: DType.Float32);
            Assert.Equal(model.Predict(x).ToArray(), other.Predict(x).ToArray());
            var smaller = new Sequential(new Dense(3, 4, seed: 1, dtype: DType.Float32));
            Assert.Throws<ArgumentException>(() => SafeTensors.LoadModel(smaller, path));
            var bigger = new Sequential(new Dense(3, 4, seed: 1), new LayerNorm(4), new Dense(4, 2, seed: 2), new Dense(2, 1, seed: 3));
            var e = Assert.Throws<InvalidDataException>(() => SafeTensors.LoadModel(bigger, path));
            Assert.Contains("dense_2/kernel", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Build(string header, int dataBytes, long? declaredLength = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(declaredLength ?? h.Length));
        h.CopyTo(bytes, 8);
        return bytes;
    }

    [Theory]
    [InlineData("truncated", "fewer than the 8-byte")]
    [InlineData("length", "exceeds")]
    [InlineData("json", "not valid JSON")]
    [InlineData("array", "not an object")]
    [InlineData("dtype", "only F32 and F64")]
    [InlineData("overlap", "overlap")]
    [InlineData("gap", "gap")]
    [InlineData("beyond", "run past the end")]
    [InlineData("size", "needs 16 bytes")]
    [InlineData("trailing", "the data section has")]
    [InlineData("fields", "needs \"dtype\"")]
    public void Malformed_IsRejectedWithAMessageNamingTheProblem(string kind, string expected)
    {
        const string a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        byte[] bytes = kind switch
        {
            "truncated" => [1, 2, 3],
            "length" => Build("{" + a + "}", 8, declaredLength: 1000),
            "json" => Build("{\"a\":", 0),
            "array" => Build("[1,2]", 0),
            "dtype" => Build("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8),
            "overlap" => Build("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12),
            "gap" => Build("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16),
            "beyond" => Build("{" + a + "}", 4),
            "size" => Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}", 8),
            "trailing" => Build("{" + a + "}", 12),
            "fields" => Build("{\"a\":{\"dtype\":\"F32\"}}", 0),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(bytes));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("safetensors:", e.Message, StringComparison.Ordinal);
    }
}
