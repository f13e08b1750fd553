using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoderSdk.Models;

/// <summary>Reads and writes an <see cref="ICoderEnum{TSelf}"/> as its JSON string, accepting unknown values.</summary>
/// <typeparam name="T">The enumeration type.</typeparam>
public sealed class CoderEnumJsonConverter<T> : JsonConverter<T> where T : struct, ICoderEnum<T>
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name} but found {reader.TokenType}.");
        }

        return T.FromValue(reader.GetString()!);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);

    /// <inheritdoc />
    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        T.FromValue(reader.GetString()!);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.Value);
}
