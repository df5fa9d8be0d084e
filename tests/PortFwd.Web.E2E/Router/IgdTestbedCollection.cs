using PortFwd.Testing.Testbed;

namespace PortFwd.Web.E2E.Router;

/// <summary>The tests on the router testbed: one at a time, sharing one <see cref="IgdTestbed"/>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IgdTestbedCollection : ICollectionFixture<IgdTestbed>
{
    public const string Name = "IGD testbed";
}
