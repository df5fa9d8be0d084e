namespace PortFwd.Web.Resources;

/// <summary>MudBlazor's own words (its keys, such as "MudTablePager_NextPage"), in the languages it does not ship.</summary>
public sealed class MudTexts;
