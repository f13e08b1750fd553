using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json;
using CoderSdk.Apis;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>Arguments for one SDK call, and what the builder had to decide to get them.</summary>
internal sealed record PreparedCall(object?[] Arguments, IReadOnlyList<string> Notes, IReadOnlyList<string> UnmappedRequestFields);

/// <summary>The builder could not make spec-valid arguments for a method.</summary>
internal sealed class UnbuildableArgumentsException(ContractCategory category, string message) : Exception(message)
{
    public ContractCategory Category { get; } = category;
}

/// <summary>
/// Builds spec-valid arguments for an SDK method. Each C# parameter is paired with a spec parameter: by name (case
/// and separators ignored), then a model or binary parameter with the body, then the remaining required parameters
/// with the remaining path parameters in route order (hand-picked names such as <c>owner</c> for <c>{user}</c>).
/// Values come from the spec parameter's schema (<see cref="SampleValues"/>), converted to the C# type.
/// </summary>
internal sealed class ArgumentBuilder(SwaggerDocument spec, SampleValues samples)
{
    /// <summary>Starts each note about a spec parameter no SDK parameter carries (the summary collects them).</summary>
    public const string UnexposedNote = "the SDK exposes no parameter for the spec's";

    public PreparedCall Build(ContractOperation operation, SpecOperation specOperation, CancellationToken cancellationToken)
    {
        var parameters = operation.Method.GetParameters();
        var notes = new List<string>();
        var pairs = Pair(parameters, specOperation, notes);
        var unmapped = new List<string>();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.ParameterType == typeof(CancellationToken))
            {
                arguments[i] = cancellationToken;
            }
            else if (IsFormDictionary(parameter) && specOperation.ParametersIn("formData").Any())
            {
                // A form-encoded operation: the Refit method takes the fields as one dictionary (its typed overload
                // builds it); each spec form field becomes an entry.
                arguments[i] = Form(parameter, specOperation, pairs);
            }
            else if (pairs.TryGetValue(parameter, out var specParameter) && (!samples.RequiredOnly || !parameter.HasDefaultValue || SpecOperation.IsRequired(specParameter)))
            {
                arguments[i] = Value(parameter, specParameter, specOperation, unmapped);
            }
            else if (pairs.ContainsKey(parameter))
            {
                arguments[i] = parameter.DefaultValue;
            }
            else if (IsModel(parameter.ParameterType) && specOperation.Body is null && !specOperation.ParametersIn("formData").Any())
            {
                // A body the spec leaves out (the generator adds it from coderd's source): built from the model itself.
                arguments[i] = Convert(parameter, ModelSample(parameter.ParameterType, 0), "body", "(undocumented)");
                notes.Add($"parameter '{parameter.Name}' is a body the spec does not document; its sample sets the model's required members");
            }
            else if (SampleConverter.IsBinary(parameter.ParameterType) && specOperation.Consumes.Count > 0)
            {
                arguments[i] = SampleConverter.Binary(parameter.ParameterType);
                notes.Add($"parameter '{parameter.Name}' is the raw body: the spec gives no body parameter, only the media types consumed");
            }
            else if (parameter.ParameterType == typeof(string) && Normalize(parameter.Name!) == "contenttype" && specOperation.Consumes.Count > 0)
            {
                // The media type of a raw body: the spec gives it as the operation's consumes list, not as a parameter.
                arguments[i] = specOperation.Consumes[0];
                notes.Add($"parameter '{parameter.Name}' is the body's media type: {specOperation.Consumes[0]}, the first the operation consumes");
            }
            else if (parameter.HasDefaultValue)
            {
                arguments[i] = parameter.DefaultValue;
                notes.Add($"parameter '{parameter.Name}' has no spec counterpart; left at its default");
            }
            else
            {
                throw new UnbuildableArgumentsException(ContractCategory.ParameterNotInSpec,
                    $"parameter '{parameter.Name}' ({parameter.ParameterType.Name}) matches no parameter of {specOperation.Key} " +
                    $"(spec parameters: {string.Join(", ", specOperation.Parameters.Select(p => $"{SpecOperation.In(p)} {SpecOperation.Name(p)}"))})");
            }
        }

        var formFields = parameters.Any(IsFormDictionary);
        foreach (var missing in specOperation.Parameters.Where(p => !pairs.ContainsValue(p) && !(formFields && SpecOperation.In(p) == "formData")))
        {
            notes.Add($"{UnexposedNote} {(SpecOperation.IsRequired(missing) ? "required" : "optional")} {SpecOperation.In(missing)} parameter '{SpecOperation.Name(missing)}'");
        }

        return new PreparedCall(arguments, notes, unmapped);
    }

    private static bool IsFormDictionary(ParameterInfo parameter) =>
        parameter.ParameterType == typeof(IReadOnlyDictionary<string, string>) && parameter.Name == "form";

    private Dictionary<string, string> Form(ParameterInfo parameter, SpecOperation specOperation, Dictionary<ParameterInfo, JsonElement> pairs)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        pairs.Remove(parameter);
        foreach (var field in specOperation.ParametersIn("formData"))
        {
            if (samples.RequiredOnly && !SpecOperation.IsRequired(field))
            {
                continue;
            }

            var sample = samples.ForParameter(field, specOperation.Consumes);
            try
            {
                form[SpecOperation.Name(field)] = (string)SampleConverter.Convert(sample, typeof(string))!;
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException or InvalidCastException)
            {
                throw new UnbuildableArgumentsException(ContractCategory.RequestModelMismatch,
                    $"form field '{SpecOperation.Name(field)}' cannot hold a spec-valid value: {ex.Message} Sample: {Excerpt(sample)}");
            }
        }

        return form;
    }

    private static Dictionary<ParameterInfo, JsonElement> Pair(ParameterInfo[] parameters, SpecOperation specOperation, List<string> notes)
    {
        var pairs = new Dictionary<ParameterInfo, JsonElement>();
        var free = specOperation.Parameters.ToList();
        var candidates = parameters.Where(p => p.ParameterType != typeof(CancellationToken)).ToList();

        void Take(ParameterInfo parameter, JsonElement specParameter)
        {
            pairs[parameter] = specParameter;
            free.Remove(specParameter);
            candidates.Remove(parameter);
        }

        foreach (var parameter in candidates.ToList())
        {
            var match = free.FirstOrDefault(s => Normalize(SpecOperation.Name(s)) == Normalize(parameter.Name!));
            if (match.ValueKind != JsonValueKind.Undefined)
            {
                Take(parameter, match);
            }
        }

        foreach (var parameter in candidates.Where(p => IsModel(p.ParameterType) || SampleConverter.IsBinary(p.ParameterType)).ToList())
        {
            var body = free.FirstOrDefault(s => SpecOperation.In(s) == "body" || (SpecOperation.In(s) == "formData" && Type(s) == "file"));
            if (body.ValueKind != JsonValueKind.Undefined)
            {
                Take(parameter, body);
            }
        }

        var routeOrder = RouteParameterOrder(specOperation.Route);
        var positional = free
            .Where(s => SpecOperation.In(s) == "path" || SpecOperation.IsRequired(s))
            .OrderBy(s => SpecOperation.In(s) == "path" ? 0 : 1)
            .ThenBy(s => routeOrder.IndexOf(SpecOperation.Name(s)))
            .ToList();
        foreach (var parameter in candidates.Where(p => !p.HasDefaultValue && !IsModel(p.ParameterType)).ToList())
        {
            if (positional.Count == 0)
            {
                break;
            }

            notes.Add($"parameter '{parameter.Name}' paired by position with {SpecOperation.In(positional[0])} parameter '{SpecOperation.Name(positional[0])}'");
            Take(parameter, positional[0]);
            positional.RemoveAt(0);
        }

        return pairs;
    }

    private object? Value(ParameterInfo parameter, JsonElement specParameter, SpecOperation specOperation, List<string> unmapped)
    {
        var type = parameter.ParameterType;
        if (SampleConverter.IsBinary(type))
        {
            return SampleConverter.Binary(type);
        }

        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(Guid))
        {
            return SampleValues.SampleId;
        }

        if (type == typeof(CoderOrganization))
        {
            // The spec declares the segment as a UUID; coderd also takes a name or "default" (CoderOrganization).
            return (CoderOrganization)SampleValues.SampleId;
        }

        var sample = SpecOperation.In(specParameter) == "body"
            ? samples.ForSchema(specParameter.GetProperty("schema"))
            : samples.ForParameter(specParameter, specOperation.Consumes);
        var value = Convert(parameter, sample, SpecOperation.In(specParameter), SpecOperation.Name(specParameter));

        if (value is not null && IsModel(type) && SpecOperation.In(specParameter) == "body")
        {
            // Only fields the spec declares count; the sample has no others, but a map the model reads as a record would.
            var declared = SchemaWalker.DeclaredProperties(spec, sample, specParameter.GetProperty("schema"));
            unmapped.AddRange(ModelInspector.UnmappedFields(value).Where(declared.Contains));
        }

        return value;
    }

    private static object? Convert(ParameterInfo parameter, JsonNode? sample, string location, string name)
    {
        try
        {
            return SampleConverter.Convert(sample, parameter.ParameterType);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException or OverflowException)
        {
            throw new UnbuildableArgumentsException(ContractCategory.RequestModelMismatch,
                $"parameter '{parameter.Name}' ({Describe(parameter.ParameterType)}) cannot hold a spec-valid value for {location} '{name}': {ex.Message} Sample: {Excerpt(sample)}");
        }
    }

    /// <summary>A JSON object setting every <c>required</c> member of an SDK model, for bodies the spec does not describe.</summary>
    private static JsonNode? ModelSample(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return JsonValue.Create("contract");
        }

        if (type == typeof(Guid))
        {
            return JsonValue.Create(SampleValues.SampleId);
        }

        if (type == typeof(bool))
        {
            return JsonValue.Create(true);
        }

        if (type == typeof(DateTimeOffset))
        {
            return JsonValue.Create(SampleValues.SampleDateTime);
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return JsonValue.Create(1);
        }

        if (type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(CoderSdk.Models.ICoderEnum<>)))
        {
            var known = type.GetProperties(BindingFlags.Public | BindingFlags.Static).First(p => p.PropertyType == type).GetValue(null)!;
            return JsonValue.Create((string?)type.GetProperty("Value")!.GetValue(known));
        }

        if (type == typeof(byte[]))
        {
            return JsonValue.Create(System.Convert.ToBase64String(SampleConverter.SampleBytes));
        }

        if (WireAdaptations.ElementType(type) is not null)
        {
            return new JsonArray();
        }

        var sample = new JsonObject();
        if (depth > 8 || type.Assembly != typeof(ICoderClient).Assembly)
        {
            return sample;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.IsDefined(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute), inherit: true)))
        {
            var name = property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? property.Name;
            sample[name] = ModelSample(property.PropertyType, depth + 1);
        }

        return sample;
    }

    private static bool IsModel(Type type) =>
        (type.Assembly == typeof(ICoderClient).Assembly && type.IsClass) ||
        (type.IsGenericType && type.GetGenericArguments().Any(IsModel));

    private static string Type(JsonElement specParameter) =>
        specParameter.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty : string.Empty;

    private static List<string> RouteParameterOrder(string route) =>
        route.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s[1..^1]).ToList();

    private static string Normalize(string name) =>
        new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    public static string Describe(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>" : type.Name;

    private static string Excerpt(JsonNode? sample)
    {
        var text = sample?.ToJsonString() ?? "null";
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
