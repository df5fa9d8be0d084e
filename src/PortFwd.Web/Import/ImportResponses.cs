using PortFwd.Core.Rules;
using PortFwd.Import;

namespace PortFwd.Web.Import;

/// <summary>What an import added, or would add (<c>POST /api/import</c>).</summary>
/// <param name="Format">The format the text was read as: rinetd, frpc, iptables or nftables.</param>
/// <param name="DryRun">True for a preview: nothing was stored.</param>
/// <param name="Imported">True when the rules were stored (and are being applied).</param>
/// <param name="Rules">The rules, in file order.</param>
/// <param name="Problems">Lines that cannot be imported, with why. A preview may list some; an import that stored rules lists none.</param>
/// <param name="Notes">Lines skipped on purpose (log files, other tables...): they change nothing about what is forwarded.</param>
public sealed record ImportResponse(
    string Format,
    bool DryRun,
    bool Imported,
    IReadOnlyList<ImportRuleResponse> Rules,
    IReadOnlyList<ImportProblemResponse> Problems,
    IReadOnlyList<ImportNoteResponse> Notes)
{
    public static ImportResponse From(ImportPlan plan, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(plan.Format.ToName(), dryRun, plan.Imported,
            [.. plan.Rules.Select(ImportRuleResponse.From)],
            [.. plan.Problems.Select(ImportProblemResponse.From)],
            [.. plan.Notes.Select(n => new ImportNoteResponse(n.Line, n.Text, n.Note))]);
    }
}

/// <summary>A rule of an import as the rules table shows it; <c>GET /api/rules/{id}</c> gives every field of a saved one.</summary>
/// <param name="Id">The saved rule's id; null in a preview.</param>
/// <param name="Line">The 1-based line of the text it was read from.</param>
/// <param name="Source">That line, trimmed.</param>
/// <param name="Name">The rule's name, after its source ("rinetd line 12"); " (2)" is added when a rule has it already.</param>
/// <param name="Protocol">tcp, udp, tcpudp or http.</param>
/// <param name="Ports">The external port, or range ("8000-8010").</param>
/// <param name="Target">Where the traffic goes: host:port, or host:first-last for a range.</param>
/// <param name="AllowedSources">Addresses or networks allowed in; empty allows everyone.</param>
/// <param name="ListenAddress">The address of this machine the rule listens on, or null for the panel's default.</param>
/// <param name="HostNames">For http rules: the host names the rule answers.</param>
/// <param name="PathPrefix">For http rules: the path the rule answers under.</param>
/// <param name="Description">Where the rule came from, or the source's comment.</param>
public sealed record ImportRuleResponse(
    int? Id, int Line, string Source, string Name, Protocol Protocol, string Ports, string Target,
    IReadOnlyList<string> AllowedSources, string? ListenAddress, IReadOnlyList<string> HostNames, string? PathPrefix, string? Description)
{
    public static ImportRuleResponse From(ImportRule imported)
    {
        ArgumentNullException.ThrowIfNull(imported);
        var r = imported.Rule;
        return new(r.Id == 0 ? null : r.Id, imported.Line, imported.Text, r.Name, r.Protocol, r.ExternalPorts.ToString(), imported.Target,
            r.AllowedSources, r.ListenAddress, r.HostNames, r.PathPrefix, r.Description);
    }
}

/// <summary>A line that cannot be imported.</summary>
/// <param name="Line">The 1-based line; 0 when the problem concerns the whole text (or the request, such as its format).</param>
/// <param name="Text">That line, trimmed.</param>
/// <param name="Field">The rule field that failed validation or clashes with a saved rule (as in <c>POST /api/rules</c>'s errors); null when the line could not be read as a rule.</param>
/// <param name="Message">Why, and what to do.</param>
public sealed record ImportProblemResponse(int Line, string Text, string? Field, string Message)
{
    public static ImportProblemResponse From(ImportIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return new(issue.Line, issue.Text, issue.Field, issue.Message);
    }
}

/// <summary>A line skipped on purpose.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Text">That line, trimmed.</param>
/// <param name="Note">Why it changes nothing, or how PortFwd does it instead.</param>
public sealed record ImportNoteResponse(int Line, string Text, string Note);
