using System.Net;

namespace PortFwd.Nat.Tests.Addresses;

public class AddressClassificationTests
{
    [Theory]
    [InlineData("8.8.8.8", ExternalAddressKind.Public)]
    [InlineData("198.51.100.1", ExternalAddressKind.Documentation)]
    [InlineData("203.0.113.9", ExternalAddressKind.Documentation)]
    [InlineData("192.168.1.5", ExternalAddressKind.Private)]
    [InlineData("10.1.2.3", ExternalAddressKind.Private)]
    [InlineData("172.31.255.1", ExternalAddressKind.Private)]
    [InlineData("172.32.0.1", ExternalAddressKind.Public)]
    [InlineData("100.64.0.1", ExternalAddressKind.CarrierGradeNat)]
    [InlineData("100.127.255.254", ExternalAddressKind.CarrierGradeNat)]
    [InlineData("100.128.0.1", ExternalAddressKind.Public)]
    [InlineData("169.254.3.4", ExternalAddressKind.Reserved)]
    [InlineData("127.0.0.1", ExternalAddressKind.Reserved)]
    [InlineData("0.0.0.0", ExternalAddressKind.None)]
    [InlineData("::ffff:100.70.1.1", ExternalAddressKind.CarrierGradeNat)]
    [InlineData("fd00::1", ExternalAddressKind.Private)]
    [InlineData("2001:db8::1", ExternalAddressKind.Documentation)]
    [InlineData("2a00:1450::1", ExternalAddressKind.Public)]
    public void Addresses_are_classified(string address, ExternalAddressKind kind) =>
        Assert.Equal(kind, IPAddress.Parse(address).Classify());

    [Fact]
    public void Only_unreachable_kinds_warn()
    {
        Assert.Null(IPAddress.Parse("198.51.100.1").DescribeProblem());
        Assert.Null(IPAddress.Parse("8.8.8.8").DescribeProblem());
        Assert.Contains("double NAT", IPAddress.Parse("192.168.0.2").DescribeProblem(), StringComparison.Ordinal);
        Assert.Contains("carrier-grade NAT", IPAddress.Parse("100.64.1.1").DescribeProblem(), StringComparison.Ordinal);
        Assert.Contains("no public IPv4 address", ((IPAddress?)null).DescribeProblem(), StringComparison.Ordinal);
        Assert.True(IPAddress.Parse("100.64.1.1").IsCarrierGradeNat());
        Assert.True(IPAddress.Parse("10.0.0.1").IsPrivate());
        Assert.True(ExternalAddressKind.CarrierGradeNat.IsBehindAnotherNat());
        Assert.False(ExternalAddressKind.Documentation.IsBehindAnotherNat());
    }
}
