namespace PortFwd.Web.Resources;

/// <summary>
/// The panel's words: one resource for every page (Ui.resx in English, Ui.es.resx in Spanish), keys grouped by page
/// ("Rules.AddRule", "Nav.Status", "Common.Save"). One pair of files keeps the shared words in one place and lets a
/// single test prove both languages have every key.
/// </summary>
public sealed class Ui;
