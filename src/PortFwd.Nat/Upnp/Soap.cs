using System.Text;
using System.Xml;

namespace PortFwd.Nat.Upnp;

/// <summary>SOAP envelopes for UPnP control: built with an XML writer (so values are escaped) and read
/// without regard to prefixes.</summary>
internal static class Soap
{
    private const string EnvelopeNs = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string EncodingStyle = "http://schemas.xmlsoap.org/soap/encoding/";

    public static string BuildRequest(string serviceType, string action, IEnumerable<KeyValuePair<string, string>> arguments)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("s", "Envelope", EnvelopeNs);
            w.WriteAttributeString("xmlns", "s", null, EnvelopeNs);
            w.WriteAttributeString("s", "encodingStyle", EnvelopeNs, EncodingStyle);
            w.WriteStartElement("s", "Body", EnvelopeNs);
            w.WriteStartElement("u", action, serviceType);
            // Full end tags (<a></a>, never <a/>): that is what routers' small XML parsers are known to accept.
            foreach (var (name, value) in arguments)
            {
                w.WriteStartElement(name);
                w.WriteString(value);
                w.WriteFullEndElement();
            }

            w.WriteFullEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a control answer: the output arguments on success, or the UPnP error of a fault.</summary>
    public static SoapAnswer ParseResponse(string body)
    {
        var doc = SafeXml.Parse(body);
        var envelope = doc.Root ?? throw new XmlException("empty SOAP answer");
        var bodyElement = envelope.Elements().FirstOrDefault(e => e.Name.LocalName == "Body")
            ?? throw new XmlException("SOAP answer without Body");
        var content = bodyElement.Elements().FirstOrDefault() ?? throw new XmlException("SOAP Body is empty");
        if (content.Name.LocalName == "Fault")
        {
            var code = content.Descendants().FirstOrDefault(e => e.Name.LocalName == "errorCode")?.Value.Trim();
            var text = content.Descendants().FirstOrDefault(e => e.Name.LocalName == "errorDescription")?.Value.Trim()
                ?? content.Descendants().FirstOrDefault(e => e.Name.LocalName == "faultstring")?.Value.Trim();
            return new SoapAnswer(new Dictionary<string, string>(), int.TryParse(code, out var c) ? c : 0, text);
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in content.Elements())
        {
            outputs[e.Name.LocalName] = e.Value;
        }

        return new SoapAnswer(outputs, null, null);
    }
}

/// <summary>A parsed control answer; <see cref="ErrorCode"/> is set for a fault (0 when it had no code).</summary>
internal sealed record SoapAnswer(IReadOnlyDictionary<string, string> Outputs, int? ErrorCode, string? ErrorDescription)
{
    public bool IsFault => ErrorCode is not null;

    public string Get(string name) => Outputs.TryGetValue(name, out var v) ? v.Trim() : "";
}
