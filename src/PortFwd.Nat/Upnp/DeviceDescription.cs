using System.Xml;
using System.Xml.Linq;

namespace PortFwd.Nat.Upnp;

/// <summary>The parts of a UPnP device description that matter here: the router's name, the WAN
/// connection service to talk to, and the router's own web page.</summary>
internal sealed record DeviceDescription(string DeviceType, string FriendlyName, string? Manufacturer, string? ModelName,
    string ServiceType, Uri ControlUrl)
{
    /// <summary>The root device's presentationURL, resolved like the control URL; null when missing or not http/https.</summary>
    public Uri? PresentationUrl { get; init; }

    /// <summary>The services that can map ports, best first.</summary>
    internal static readonly string[] WanServiceTypes =
    [
        "urn:schemas-upnp-org:service:WANIPConnection:2",
        "urn:schemas-upnp-org:service:WANIPConnection:1",
        "urn:schemas-upnp-org:service:WANPPPConnection:1",
    ];

    public int ServiceVersion => ServiceType.EndsWith(":2", StringComparison.Ordinal) ? 2 : 1;

    /// <summary>Reads a description fetched from <paramref name="descriptionUrl"/>. The service is picked from
    /// what the description really contains (routers announce services over SSDP that it lacks); its control
    /// URL is resolved against URLBase when present, else against the description URL.</summary>
    public static NatResult<DeviceDescription> Parse(string xml, Uri descriptionUrl)
    {
        XDocument doc;
        try
        {
            doc = SafeXml.Parse(xml);
        }
        catch (XmlException e)
        {
            return new NatError(NatErrorKind.InvalidResponse, $"The device description at {descriptionUrl} is not valid XML: {e.Message}")
            { Protocol = RouterProtocol.Upnp };
        }

        var root = doc.Root;
        var device = root?.Elements().FirstOrDefault(e => e.Name.LocalName == "device");
        if (root is null || device is null)
        {
            return new NatError(NatErrorKind.NotAnInternetGateway, $"{descriptionUrl} is not a UPnP device description.")
            { Protocol = RouterProtocol.Upnp };
        }

        var baseUrl = descriptionUrl;
        var urlBase = Child(root, "URLBase");
        if (!string.IsNullOrWhiteSpace(urlBase) && Uri.TryCreate(urlBase.Trim(), UriKind.Absolute, out var parsedBase))
        {
            baseUrl = parsedBase;
        }

        var deviceType = Child(device, "deviceType") ?? "";
        var name = Child(device, "friendlyName") ?? Child(device, "modelName") ?? "UPnP router";
        var services = device.DescendantsAndSelf().Where(e => e.Name.LocalName == "service").ToList();
        foreach (var wanted in WanServiceTypes)
        {
            var service = services.FirstOrDefault(s => string.Equals(Child(s, "serviceType")?.Trim(), wanted, StringComparison.Ordinal));
            if (service is null)
            {
                continue;
            }

            var control = Child(service, "controlURL")?.Trim();
            if (string.IsNullOrEmpty(control) || !Uri.TryCreate(baseUrl, control, out var controlUrl)
                || controlUrl.Scheme is not ("http" or "https"))
            {
                return new NatError(NatErrorKind.InvalidResponse, $"The {wanted} service in {descriptionUrl} has no usable control URL.")
                { Protocol = RouterProtocol.Upnp };
            }

            return NatResult<DeviceDescription>.Ok(new DeviceDescription(deviceType.Trim(), name.Trim(),
                Child(device, "manufacturer")?.Trim(), Child(device, "modelName")?.Trim(), wanted, controlUrl)
            {
                PresentationUrl = WebPage(Child(device, "presentationURL"), baseUrl),
            });
        }

        return new NatError(NatErrorKind.NotAnInternetGateway,
            $"The device '{name.Trim()}' at {descriptionUrl} ({deviceType.Trim()}) is not an internet gateway: it has no WANIPConnection or WANPPPConnection service.")
        { Protocol = RouterProtocol.Upnp };
    }

    /// <summary>Only a web address is kept: the page is shown to people as a link, so a javascript: or file: value
    /// from the network must never get there. A bad value is the router's cosmetic mistake, not an error.</summary>
    private static Uri? WebPage(string? value, Uri baseUrl) =>
        !string.IsNullOrWhiteSpace(value) && Uri.TryCreate(baseUrl, value.Trim(), out var page) && page.Scheme is "http" or "https"
            ? page
            : null;

    private static string? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;
}

/// <summary>XML from the network: no DTDs, no external entities, bounded size.</summary>
internal static class SafeXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 4 * 1024 * 1024,
        IgnoreComments = true,
    };

    public static XDocument Parse(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml.TrimStart('\uFEFF', ' ', '\r', '\n', '\t')), Settings);
        return XDocument.Load(reader);
    }
}
