using PortFwd.Core.Rules;

namespace PortFwd.Core.Tests.Rules;

public class PortRangeTests
{
    [Theory]
    [InlineData(8080, 8080, 1, true, "8080")]
    [InlineData(8000, 8010, 11, false, "8000-8010")]
    [InlineData(1, 65535, 65535, false, "1-65535")]
    public void Range_counts_its_ports_inclusively_and_prints_like_a_router(int start, int end, int count, bool single, string text)
    {
        var range = new PortRange(start, end);

        Assert.Equal(count, range.Count);
        Assert.Equal(single, range.IsSinglePort);
        Assert.Equal(text, range.ToString());
    }

    [Theory]
    [InlineData(8000, 8010, 8000, true)]
    [InlineData(8000, 8010, 8010, true)]
    [InlineData(8000, 8010, 8005, true)]
    [InlineData(8000, 8010, 7999, false)]
    [InlineData(8000, 8010, 8011, false)]
    [InlineData(8080, 8080, 8080, true)]
    public void Range_contains_both_of_its_ends(int start, int end, int port, bool contains)
    {
        Assert.Equal(contains, new PortRange(start, end).Contains(port));
    }

    [Theory]
    [InlineData(8000, 8010, 8010, 8020, true)]
    [InlineData(8000, 8010, 8011, 8020, false)]
    [InlineData(8000, 8100, 8050, 8050, true)]
    [InlineData(8080, 8080, 8080, 8080, true)]
    [InlineData(8080, 8080, 8081, 8081, false)]
    [InlineData(1, 65535, 443, 443, true)]
    public void Ranges_overlap_when_they_share_a_port_either_way_round(int start, int end, int otherStart, int otherEnd, bool overlaps)
    {
        var a = new PortRange(start, end);
        var b = new PortRange(otherStart, otherEnd);

        Assert.Equal(overlaps, a.Overlaps(b));
        Assert.Equal(overlaps, b.Overlaps(a));
    }
}
