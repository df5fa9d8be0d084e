using System.Collections.Frozen;
using System.Text.Json;

namespace PortFwd.Web.Hosting;

/// <summary>
/// The name an enum value has in the API's JSON ("not-found", "tcpudp"), for the few places outside JSON that show
/// it: the pages' <c>data-*</c> attributes (which tests and scripts read) and labels that name a mapping ("8080/tcp").
/// Taken from the API's own serializer settings, so a page and the API never name one state two ways.
/// </summary>
public static class JsonNames
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { ApiSetup.EnumConverter() } };

    /// <summary>The JSON name of <paramref name="value"/>.</summary>
    public static string ToJsonName<TEnum>(this TEnum value)
        where TEnum : struct, Enum =>
        Names<TEnum>.All.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value));

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> All = Enum.GetValues<TEnum>()
            .ToFrozenDictionary(value => value, value => JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(value, Options))!);
    }
}
