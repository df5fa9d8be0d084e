using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PortFwd.Web.DynamicDns;

/// <summary>This machine's global IPv6 address, for names that keep an AAAA record (IPv6 has no NAT: the interface's address is the public one).</summary>
public interface IIpv6AddressSource
{
    /// <summary>The address to publish, or null when the machine has no global IPv6 address.</summary>
    IPAddress? GlobalAddress();
}

/// <summary>One IPv6 address of an interface, with what the system says about it.</summary>
/// <param name="Temporary">A privacy address (random, short-lived): it changes every day or so.</param>
/// <param name="Deprecated">Its lifetime ran out: still answered, not to be handed out.</param>
/// <param name="Usable">Duplicate address detection passed (not tentative, not a duplicate).</param>
/// <param name="FromRouterAdvertisement">Its prefix came from the router (SLAAC) rather than being set by hand.</param>
public sealed record Ipv6Candidate(IPAddress Address, bool Temporary = false, bool Deprecated = false, bool Usable = true, bool FromRouterAdvertisement = false);

/// <summary>Which of the machine's IPv6 addresses a name should point at.</summary>
public static class Ipv6AddressChoice
{
    /// <summary>
    /// A global unicast address (2000::/3; never link-local, unique-local or loopback) that passed duplicate detection
    /// and is not deprecated; a stable one before a temporary one (a name pointed at a privacy address breaks within a
    /// day), and among those one the router advertised. Null when there is none.
    /// </summary>
    public static IPAddress? Choose(IEnumerable<Ipv6Candidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return candidates
            .Where(c => IsGlobalUnicast(c.Address) && c.Usable && !c.Deprecated)
            .OrderBy(c => c.Temporary)
            .ThenBy(c => !c.FromRouterAdvertisement)
            .Select(c => c.Address)
            .FirstOrDefault();
    }

    public static bool IsGlobalUnicast(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6
            && !address.IsIPv4MappedToIPv6
            && (address.GetAddressBytes()[0] & 0xE0) == 0x20;
    }
}

/// <summary>
/// Reads the interfaces' IPv6 addresses: on Linux from <c>/proc/net/if_inet6</c>, whose flags say which are temporary,
/// deprecated or still tentative (.NET reports these only on Windows); elsewhere from <see cref="NetworkInterface"/>.
/// </summary>
public sealed class MachineIpv6Address : IIpv6AddressSource
{
    private const string LinuxAddressTable = "/proc/net/if_inet6";

    // Flags of /proc/net/if_inet6 (IFA_F_*).
    private const int Temporary = 0x01;
    private const int DadFailed = 0x08;
    private const int Deprecated = 0x20;
    private const int Tentative = 0x40;
    private const int Permanent = 0x80;

    public IPAddress? GlobalAddress() => Ipv6AddressChoice.Choose(
        OperatingSystem.IsLinux() && File.Exists(LinuxAddressTable) ? ParseLinuxTable(File.ReadAllLines(LinuxAddressTable)) : FromInterfaces());

    /// <summary>The lines of <c>/proc/net/if_inet6</c>: address (32 hex digits), index, prefix length, scope, flags, interface name.</summary>
    public static IEnumerable<Ipv6Candidate> ParseLinuxTable(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[0].Length != 32
                || !int.TryParse(fields[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags))
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromHexString(fields[0]);
            }
            catch (FormatException)
            {
                continue;
            }

            yield return new Ipv6Candidate(new IPAddress(bytes),
                Temporary: (flags & Temporary) != 0,
                Deprecated: (flags & Deprecated) != 0,
                Usable: (flags & (DadFailed | Tentative)) == 0,
                // Addresses set by hand are permanent; those formed from the router's advertised prefix are not.
                FromRouterAdvertisement: (flags & Permanent) == 0);
        }
    }

    private static IEnumerable<Ipv6Candidate> FromInterfaces()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus == OperationalStatus.Up))
        {
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses.Where(u => u.Address.AddressFamily == AddressFamily.InterNetworkV6))
            {
                yield return Describe(unicast);
            }
        }
    }

    private static Ipv6Candidate Describe(UnicastIPAddressInformation unicast)
    {
        if (!OperatingSystem.IsWindows())
        {
            // A system that does not say how the address was formed: the address is all there is to go on.
            return new Ipv6Candidate(unicast.Address);
        }

        return new Ipv6Candidate(unicast.Address,
            Temporary: unicast.SuffixOrigin == SuffixOrigin.Random,
            Deprecated: unicast.DuplicateAddressDetectionState == DuplicateAddressDetectionState.Deprecated,
            Usable: unicast.DuplicateAddressDetectionState is DuplicateAddressDetectionState.Preferred or DuplicateAddressDetectionState.Deprecated,
            FromRouterAdvertisement: unicast.PrefixOrigin == PrefixOrigin.RouterAdvertisement);
    }
}
