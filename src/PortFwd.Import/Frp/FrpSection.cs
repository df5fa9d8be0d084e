using PortFwd.Core.Rules.Validation;
using PortFwd.Import.Text;

namespace PortFwd.Import.Frp;

/// <summary>One value of an frp proxy: its items (one for a scalar), where it was written, and whether it could be read.</summary>
/// <param name="Line">The line the key is on.</param>
/// <param name="Items">The value, or each element of a list.</param>
/// <param name="Unreadable">Why the value could not be read (a template, an inline table: an <c>ImportMessages.FrpValue…</c> clause); null when it was.</param>
/// <param name="FromRange">Whether a port range template filled it in.</param>
internal sealed record FrpValue(SourceLine Line, IReadOnlyList<string> Items, ValidationMessage? Unreadable = null, bool FromRange = false)
{
    public string Text => Items.Count > 0 ? Items[0] : "";
}

/// <summary>A proxy or visitor of frpc.toml or frpc.ini, with keys in frpc.toml's names (localPort, customDomains, plugin.type).</summary>
internal sealed class FrpSection(SourceLine header, bool visitor)
{
    /// <summary>The [[proxies]] or [name] line.</summary>
    public SourceLine Header { get; } = header;

    public bool IsVisitor { get; } = visitor;

    /// <summary>The name from the section header (frpc.ini); frpc.toml's comes from the name key.</summary>
    public string? HeaderName { get; init; }

    /// <summary>How many ports a range template or range section gave this proxy; its local and remote ports are the first.</summary>
    public int RangeCount { get; init; } = 1;

    public Dictionary<string, FrpValue> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The proxy's name; null when it has none (the import then calls it by its line, <c>ImportMessages.FrpUnnamedProxy</c>).</summary>
    public string? Name
    {
        get
        {
            var name = HeaderName ?? (Values.TryGetValue("name", out var value) ? value.Text : null);
            return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        }
    }
}
