using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CoderSdk.Json;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>Turns a JSON sample into an argument of the SDK parameter's type.</summary>
internal static class SampleConverter
{
    /// <summary>The SDK's own options; types the SDK's context does not list (plain lists, primitives) fall back to reflection.</summary>
    private static readonly JsonSerializerOptions Options = new(CoderJsonContext.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CoderJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        Converters = { new GoBytesConverter() },
    };

    public static readonly byte[] SampleBytes = Encoding.UTF8.GetBytes("contract-test-payload\n");

    public static bool IsBinary(Type type) =>
        type == typeof(Stream) || type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) || typeof(HttpContent).IsAssignableFrom(type);

    public static object Binary(Type type) =>
        type == typeof(byte[]) ? SampleBytes.ToArray()
        : type == typeof(ReadOnlyMemory<byte>) ? new ReadOnlyMemory<byte>(SampleBytes.ToArray())
        : typeof(HttpContent).IsAssignableFrom(type) ? new ByteArrayContent(SampleBytes.ToArray())
        : new MemoryStream(SampleBytes.ToArray());

    /// <summary>Converts the sample; throws <see cref="JsonException"/> or <see cref="FormatException"/> when the type cannot hold it.</summary>
    public static object? Convert(JsonNode? sample, Type type)
    {
        if (IsBinary(type))
        {
            return Binary(type);
        }

        if (sample is null)
        {
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (sample is JsonValue value)
        {
            if (target == typeof(string))
            {
                return value.TryGetValue<string>(out var text) ? text : value.ToJsonString();
            }

            if (value.TryGetValue<string>(out var numberText) && IsNumeric(target))
            {
                return System.Convert.ChangeType(decimal.Parse(numberText, CultureInfo.InvariantCulture), target, CultureInfo.InvariantCulture);
            }
        }

        return sample.Deserialize(type, Options);
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(double) || type == typeof(float) || type == typeof(decimal);

    /// <summary>
    /// Reads a spec sample for a Go <c>[]byte</c> field (documented as an array of integers) into the SDK's
    /// <c>byte[]</c>; the SDK then writes it base64-encoded as coderd expects. Base64 strings read as usual.
    /// </summary>
    private sealed class GoBytesConverter : JsonConverter<byte[]>
    {
        public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return reader.GetBytesFromBase64();
            }

            var bytes = new List<byte>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                bytes.Add((byte)(reader.GetInt64() & 0xFF));
            }

            return [.. bytes];
        }

        public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => writer.WriteBase64StringValue(value);
    }
}
