using PortFwd.Core.Rules;
using PortFwd.Nat;
using PortFwd.Web.HomeRouter;

namespace PortFwd.Web.Tests.HomeRouter;

/// <summary>A search that finds the given router at once, or nothing ("Nothing answered.") when it is null.</summary>
internal sealed class InMemoryRouterFinder(INatDevice? router) : IRouterFinder
{
    public Task<NatResult<INatDevice>> FindAsync(NatDiscoveryOptions options, CancellationToken cancellationToken) =>
        Task.FromResult(router is null
            ? NatResult<INatDevice>.Fail(new NatError(NatErrorKind.NotFound, "Nothing answered."))
            : NatResult<INatDevice>.Ok(router));
}

/// <summary>The saved rules as a test sets them.</summary>
internal sealed class SavedRules : IRuleSource
{
    private volatile IReadOnlyList<ForwardingRule> _rules = [];

    public void Set(params ForwardingRule[] rules) => _rules = rules;

    public Task<IReadOnlyList<ForwardingRule>> GetAllAsync(CancellationToken cancellationToken) => Task.FromResult(_rules);
}
