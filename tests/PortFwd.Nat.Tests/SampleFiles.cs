using System.Globalization;
using System.Text.RegularExpressions;

namespace PortFwd.Nat.Tests;

/// <summary>Reads the captured router traffic under Samples/.</summary>
internal static partial class SampleFiles
{
    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", relativePath));

    /// <summary>A raw SOAP exchange file: request body, response status and body.</summary>
    public static SoapExchange Soap(string name)
    {
        var text = Read(Path.Combine("soap", name + ".txt"));
        var split = text.IndexOf("<<<<< response", StringComparison.Ordinal);
        var request = text[..split];
        var response = text[(split + "<<<<< response".Length)..].TrimStart('\n');
        var status = int.Parse(response.Split(' ')[1], CultureInfo.InvariantCulture);
        return new SoapExchange(Body(request), status, Body(response));
    }

    /// <summary>The request and response hex lines of a pcp_map.py transcript.</summary>
    public static (byte[] Request, byte[] Response) PcpHex(string name)
    {
        var text = Read(name + ".txt");
        return (Convert.FromHexString(HexLine("request", text)), Convert.FromHexString(HexLine("response", text)));
    }

    /// <summary>The n-th SSDP reply block of ssdp-msearch.txt, with real CRLFs.</summary>
    public static string SsdpReply(int index)
    {
        var blocks = Read("ssdp-msearch.txt").Split("----- reply ", StringSplitOptions.None);
        var lines = blocks[index + 1].Split('\n').Skip(1).TakeWhile(l => !l.StartsWith("-----", StringComparison.Ordinal) && !l.StartsWith("=====", StringComparison.Ordinal));
        return string.Concat(lines.Select(l => l.Replace("\\r\\n", "\r\n", StringComparison.Ordinal)));
    }

    private static string Body(string part)
    {
        var blank = part.IndexOf("\n\n", StringComparison.Ordinal);
        return part[(blank + 2)..].Trim();
    }

    private static string HexLine(string which, string text) =>
        HexPattern().Matches(text).First(m => m.Groups[1].Value == which).Groups[2].Value;

    [GeneratedRegex(@"^(request|response)\s+\(\d+ bytes\): ([0-9a-f]+)$", RegexOptions.Multiline)]
    private static partial Regex HexPattern();
}

internal sealed record SoapExchange(string RequestBody, int Status, string ResponseBody);
