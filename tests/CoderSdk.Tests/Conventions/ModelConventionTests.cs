using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using CoderSdk.Json;
using CoderSdk.Models;

namespace CoderSdk.Tests.Conventions;

/// <summary>Rules every model follows (DESIGN.md, "Models").</summary>
public sealed class ModelConventionTests
{
    private static IEnumerable<Type> Records => SdkSurface.Models.Where(t => t.IsClass);

    private static IEnumerable<Type> Enums => SdkSurface.Models.Where(t => t.IsValueType);

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null || type.GetProperty("EqualityContract", BindingFlags.Instance | BindingFlags.NonPublic) is not null;

    [Fact]
    public void Models_AllGenerated_AreMoreThanFiveHundred()
    {
        Assert.True(SdkSurface.Models.Count > 500, $"{SdkSurface.Models.Count} models.");
        Assert.DoesNotContain(SdkSurface.Models, t => !t.IsClass && !t.IsValueType);
    }

    [Fact]
    public void Records_Every_IsSealedRecord()
    {
        Assert.All(Records, t =>
        {
            Assert.True(t.IsSealed, t.Name);
            Assert.True(IsRecord(t), $"{t.Name} is not a record.");
        });
    }

    [Fact]
    public void Records_EveryPublicSetter_IsInitOnly()
    {
        Assert.All(Records.SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public)), p =>
        {
            var setter = p.SetMethod;
            if (setter is not null && setter.IsPublic)
            {
                Assert.True(
                    setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)),
                    $"{p.DeclaringType!.Name}.{p.Name} has a public setter that is not init-only.");
            }
        });
    }

    [Fact]
    public void Records_Every_KeepsUnknownFields()
    {
        Assert.All(Records, t =>
        {
            var extension = t.GetProperty("AdditionalProperties");
            Assert.NotNull(extension);
            Assert.NotNull(extension!.GetCustomAttribute<JsonExtensionDataAttribute>());
        });
    }

    [Fact]
    public void Records_EveryDataProperty_HasAnExplicitJsonName()
    {
        Assert.All(Records.SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public)), p =>
        {
            var ignored = p.GetCustomAttribute<JsonIgnoreAttribute>() is not null || p.GetCustomAttribute<JsonExtensionDataAttribute>() is not null;
            Assert.True(ignored || p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null, $"{p.DeclaringType!.Name}.{p.Name}");
        });
    }

    [Fact]
    public void Records_TimeSpanViews_AreNotSerialized()
    {
        var views = Records.SelectMany(t => t.GetProperties()).Where(p => Nullable.GetUnderlyingType(p.PropertyType) == typeof(TimeSpan) || p.PropertyType == typeof(TimeSpan)).ToList();
        Assert.NotEmpty(views);
        Assert.All(views, p => Assert.NotNull(p.GetCustomAttribute<JsonIgnoreAttribute>()));
    }

    [Fact]
    public void Enums_Every_IsAnExtensibleStringEnumeration()
    {
        Assert.NotEmpty(Enums);
        Assert.All(Enums, t =>
        {
            Assert.Contains(typeof(ICoderEnum<>).MakeGenericType(t), t.GetInterfaces());
            var converter = t.GetCustomAttribute<JsonConverterAttribute>();
            Assert.Equal(typeof(CoderEnumJsonConverter<>).MakeGenericType(t), converter?.ConverterType);
            Assert.True(t.IsDefined(typeof(IsReadOnlyAttribute)), $"{t.Name} is not a readonly struct.");
        });
    }

    [Fact]
    public void JsonContext_EveryModel_HasSourceGeneratedMetadata()
    {
        // Hand-written stream models the spec does not define live in their own context (see CoderStreamingJsonContext).
        Assert.All(SdkSurface.Models, t => Assert.NotNull(CoderJsonContext.Default.GetTypeInfo(t) ?? CoderStreamingJsonContext.Default.GetTypeInfo(t)));
    }

    [Fact]
    public void JsonContext_EveryModel_ReadsAndWritesBackAnUnknownValue()
    {
        Assert.All(SdkSurface.Models, t =>
        {
            var info = (CoderJsonContext.Default.GetTypeInfo(t) ?? CoderStreamingJsonContext.Default.GetTypeInfo(t))!;
            var json = t.IsValueType ? "\"some-new-value\"" : "{\"an_unknown_field\":[1,2]}";
            if (t.IsDefined(typeof(RequiredMemberAttribute)))
            {
                // Request models: System.Text.Json enforces the spec's required properties.
                var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, info));
                Assert.Contains("required", error.Message, StringComparison.Ordinal);
                return;
            }

            var value = JsonSerializer.Deserialize(json, info);
            var written = JsonSerializer.Serialize(value, info);

            Assert.NotNull(value);
            if (t.IsValueType)
            {
                Assert.Equal(json, written);
            }
            else
            {
                Assert.Contains("\"an_unknown_field\":[1,2]", written, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void JsonContext_EveryAreaMethodResult_HasSourceGeneratedMetadata()
    {
        var results = SdkSurface.AreaMethods
            .Select(m => m.ReturnType)
            .Where(t => t.IsGenericType)
            .Select(t => t.GetGenericArguments()[0])
            .Select(t => Nullable.GetUnderlyingType(t) ?? t)
            .Where(t => t != typeof(byte[]) && t != typeof(string) && t != typeof(Uri))
            .Distinct();
        Assert.All(results, t => Assert.NotNull(CoderJsonContext.Default.GetTypeInfo(t)));
    }
}
