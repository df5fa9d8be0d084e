using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PortFwd.Web.Hosting;

namespace PortFwd.Web.Settings;

/// <summary>A setting as the API shows it.</summary>
/// <param name="Value">What the panel uses now (true/false, a number, text, or a list of text).</param>
/// <param name="Source"><c>default</c>, <c>configuration</c> (appsettings.json, the environment) or <c>panel</c> (saved here).</param>
/// <param name="Key">The configuration key it overrides.</param>
/// <param name="ResetTo">The value it has once the panel's value is reset (null in a PUT).</param>
public sealed record SettingResponse(object Value, SettingSource Source, string Key, object ResetTo);

/// <summary>The REST surface under <c>/api/settings</c>: the settings the panel can change, without a restart.</summary>
internal static class SettingsEndpoints
{
    public static RouteGroupBuilder MapSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("/api/settings").WithTags("Settings").DisableAntiforgery();

        settings.MapGet("", GetSettings)
            .WithName("GetSettings").WithSummary("Settings")
            .WithDescription("Every setting the panel can change: its value, where it comes from (default, configuration, panel) and the value a reset gives.");
        settings.MapPut("", PutSettingsAsync)
            .WithName("ChangeSettings").WithSummary("Change settings")
            .WithDescription("Saves the fields sent (any of them; null resets one to its configuration or default value); they apply at once. "
                + "A field of the wrong type, an unknown field or a value that fails validation answers 400 naming each field, and nothing changes.")
            .ReadsJsonBody<Dictionary<string, JsonElement>>()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return settings;
    }

    public static Ok<Dictionary<string, SettingResponse>> GetSettings(PanelSettings settings) => TypedResults.Ok(Response(settings));

    public static async Task<Results<Ok<Dictionary<string, SettingResponse>>, ValidationProblem, ProblemHttpResult>> PutSettingsAsync(
        HttpRequest request, PanelSettings settings, CancellationToken ct)
    {
        var body = await JsonBodyReader.ReadAsync<Dictionary<string, JsonElement>>(request, "settings", "{\"routerEnabled\": true}",
            _ => "The settings must be an object of field names and values.", ct);
        if (!body.IsSuccess)
        {
            return JsonBodyReader.Refused<Ok<Dictionary<string, SettingResponse>>>(body.Error, Invalid);
        }

        var changes = new List<SettingChange>();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, element) in body.Value)
        {
            if (SettingFields.Find(name) is not { } field)
            {
                // The service names the settings there are.
                changes.Add(new SettingChange(name, null));
            }
            else if (ValueOf(field, element, out var value))
            {
                changes.Add(new SettingChange(field.Name, value));
            }
            else
            {
                errors[field.Name] = [PanelSettings.WrongKind(field)];
            }
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var saved = await settings.SaveAsync(changes, ct);
        return saved.IsSuccess ? TypedResults.Ok(Response(settings)) : Invalid(saved.Errors);
    }

    private static Dictionary<string, SettingResponse> Response(PanelSettings settings) =>
        settings.Current().ToDictionary(s => s.Field.Name, s => new SettingResponse(s.Value, s.Source, s.Field.Key, s.ResetTo), StringComparer.Ordinal);

    /// <summary>The JSON value as the field's kind; false when it is of another kind.</summary>
    internal static bool ValueOf(SettingField field, JsonElement element, out object? value)
    {
        value = null;
        switch (field.Kind, element.ValueKind)
        {
            case (_, JsonValueKind.Null):
                return true;
            case (SettingKind.Switch, JsonValueKind.True or JsonValueKind.False):
                value = element.GetBoolean();
                return true;
            case (SettingKind.Number, JsonValueKind.Number) when element.TryGetInt32(out var number):
                value = number;
                return true;
            case (SettingKind.Text, JsonValueKind.String):
                value = element.GetString();
                return true;
            case (SettingKind.List, JsonValueKind.Array) when element.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String):
                value = element.EnumerateArray().Select(i => i.GetString()!).ToList();
                return true;
            default:
                return false;
        }
    }

    private static ValidationProblem Invalid(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        TypedResults.ValidationProblem(errors, title: "The settings have errors", detail: "Fix the fields listed in errors and try again; nothing was changed.");
}
