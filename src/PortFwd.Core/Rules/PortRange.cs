namespace PortFwd.Core.Rules;

/// <summary>An inclusive range of ports; a single port is a range of one.</summary>
public readonly record struct PortRange(int Start, int End)
{
    public int Count => End - Start + 1;

    public bool IsSinglePort => Start == End;

    public bool Contains(int port) => port >= Start && port <= End;

    public bool Overlaps(PortRange other) => Start <= other.End && other.Start <= End;

    public override string ToString() => IsSinglePort ? Start.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Start}-{End}";
}
