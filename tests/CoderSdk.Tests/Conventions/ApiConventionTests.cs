using System.Text.Json;
using CoderSdk.Apis;

namespace CoderSdk.Tests.Conventions;

/// <summary>Rules every area interface and method follows (DESIGN.md, "Public surface").</summary>
public sealed class ApiConventionTests
{
    [Fact]
    public void AreaInterfaces_ExposedByTheClient_AreManyAndPublic()
    {
        Assert.True(SdkSurface.AreaInterfaces.Count >= 30);
        Assert.All(SdkSurface.AreaInterfaces, t => Assert.True(t.IsPublic, t.Name));
        Assert.Contains(typeof(IWorkspacesApi), SdkSurface.AreaInterfaces);
        Assert.Contains(typeof(IBuildsApi), SdkSurface.AreaInterfaces);
    }

    [Fact]
    public void AreaMethods_Every_EndsInAsyncAndReturnsATask()
    {
        Assert.All(SdkSurface.AreaMethods, m =>
        {
            Assert.EndsWith("Async", m.Name, StringComparison.Ordinal);
            Assert.True(typeof(Task).IsAssignableFrom(m.ReturnType), $"{m.DeclaringType!.Name}.{m.Name} returns {m.ReturnType}");
        });
    }

    [Fact]
    public void AreaMethods_Every_TakesAnOptionalCancellationTokenLast()
    {
        Assert.All(SdkSurface.AreaMethods, m =>
        {
            var last = m.GetParameters()[^1];
            Assert.True(last.ParameterType == typeof(CancellationToken), $"{m.DeclaringType!.Name}.{m.Name}");
            Assert.Equal("cancellationToken", last.Name);
            Assert.True(last.HasDefaultValue, $"{m.DeclaringType!.Name}.{m.Name}");
            Assert.Single(m.GetParameters(), p => p.ParameterType == typeof(CancellationToken));
        });
    }

    [Fact]
    public void AreaMethods_OptionalParameters_ComeAfterRequiredOnesAndDefaultToNull()
    {
        Assert.All(SdkSurface.AreaMethods, m =>
        {
            var parameters = m.GetParameters()[..^1];
            var firstOptional = Array.FindIndex(parameters, p => p.HasDefaultValue);
            if (firstOptional >= 0)
            {
                Assert.All(parameters[firstOptional..], p => Assert.True(p.HasDefaultValue && p.DefaultValue is null, $"{m.DeclaringType!.Name}.{m.Name}({p.Name})"));
            }
        });
    }

    [Fact]
    public void AreaMethods_Every_CarriesExactlyOneEndpointAttribute()
    {
        Assert.All(SdkSurface.AreaMethods, m =>
        {
            var endpoint = SdkSurface.Endpoint(m);
            Assert.StartsWith("/", endpoint.Route, StringComparison.Ordinal);
            Assert.Contains(endpoint.Method, new[] { "GET", "POST", "PUT", "PATCH", "DELETE" });
        });
    }

    [Fact]
    public void AreaMethods_UserPathParameter_IsAStringEverywhere()
    {
        foreach (var method in SdkSurface.AreaMethods)
        {
            var route = SdkSurface.Endpoint(method).Route;
            var segments = RouteParameters(route);
            var index = segments.IndexOf("user");
            if (index >= 0)
            {
                Assert.True(method.GetParameters()[index].ParameterType == typeof(string), $"{method.Name} on {route}");
            }
        }
    }

    [Fact]
    public void AreaMethods_UuidPathParametersOfTheSpec_AreGuids()
    {
        // {user} is a string (an ID, a username or me) and {organization} a CoderOrganization (an ID, a name or default).
        var formats = SpecDocument.PathParameterFormats();
        foreach (var method in SdkSurface.AreaMethods)
        {
            var endpoint = SdkSurface.Endpoint(method);
            var segments = RouteParameters(endpoint.Route);
            for (var i = 0; i < segments.Count; i++)
            {
                if (segments[i] != "user" && formats.TryGetValue((endpoint.Method, endpoint.Route, segments[i]), out var format) && format == "uuid")
                {
                    var expected = segments[i] == "organization" ? typeof(CoderOrganization) : typeof(Guid);
                    Assert.True(method.GetParameters()[i].ParameterType == expected, $"{method.Name}: {{{segments[i]}}} on {endpoint.Route}");
                }
            }
        }
    }

    [Fact]
    public void Client_EveryAreaProperty_IsCreatedOnceAndCached()
    {
        using var client = new CoderClient(new Uri("https://coder.example.com"), "token");
        foreach (var property in typeof(ICoderClient).GetProperties().Where(p => SdkSurface.AreaInterfaces.Contains(p.PropertyType)))
        {
            var first = property.GetValue(client);
            Assert.NotNull(first);
            Assert.Same(first, property.GetValue(client));
            Assert.IsAssignableFrom(property.PropertyType, first);
        }
    }

    [Fact]
    public void AreaImplementations_Every_IsRefitGeneratedAndInternal()
    {
        // Refit's source generator implements every area; the SDK writes no implementation of its own.
        var implementations = SdkSurface.Assembly.GetTypes()
            .Where(t => t.IsClass && SdkSurface.AreaInterfaces.Any(i => i.IsAssignableFrom(t)))
            .ToList();
        Assert.Equal(SdkSurface.AreaInterfaces.Count, implementations.Count);
        Assert.All(implementations, t =>
        {
            Assert.False(t.IsVisible, t.FullName);
            Assert.StartsWith("Refit.Implementation.", t.FullName, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void OperationTable_CoversEveryAreaMethodWithItsRoute()
    {
        Assert.Equal(SdkSurface.AreaMethods.Count, CoderSdk.Versions.CoderOperations.All.Count);
        Assert.All(SdkSurface.AreaMethods, m =>
        {
            var operation = CoderSdk.Versions.CoderOperations.Find(m.DeclaringType!, m.Name);
            Assert.NotNull(operation);
            var endpoint = SdkSurface.Endpoint(m);
            Assert.Equal((endpoint.Method, endpoint.Route), (operation.HttpMethod, operation.Route));
            Assert.NotEmpty(operation.Statuses);
        });
    }

    internal static List<string> RouteParameters(string route) =>
        route.Split('/').Where(s => s.StartsWith('{')).Select(s => s[1..^1]).ToList();

    /// <summary>The pinned swagger.json, read with plain JSON (not through the generator under test).</summary>
    internal static class SpecDocument
    {
        private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch"];

        public static List<(string Method, string Route)> Operations()
        {
            using var document = JsonDocument.Parse(File.ReadAllText(TestPaths.Swagger));
            var result = new List<(string, string)>();
            foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            {
                foreach (var verb in Verbs.Where(v => path.Value.TryGetProperty(v, out _)))
                {
                    result.Add((verb.ToUpperInvariant(), path.Name));
                }
            }

            return result;
        }

        public static Dictionary<(string Method, string Route, string Name), string?> PathParameterFormats()
        {
            using var document = JsonDocument.Parse(File.ReadAllText(TestPaths.Swagger));
            var result = new Dictionary<(string, string, string), string?>();
            foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            {
                foreach (var verb in Verbs)
                {
                    if (!path.Value.TryGetProperty(verb, out var operation) || !operation.TryGetProperty("parameters", out var parameters))
                    {
                        continue;
                    }

                    foreach (var parameter in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path"))
                    {
                        var format = parameter.TryGetProperty("format", out var f) ? f.GetString() : null;
                        result[(verb.ToUpperInvariant(), path.Name, parameter.GetProperty("name").GetString()!)] = format;
                    }
                }
            }

            return result;
        }
    }
}
