using Microsoft.Extensions.Time.Testing;
using PortFwd.Core.Rules;
using PortFwd.Data.Certificates;
using PortFwd.Data.Rules;

namespace PortFwd.Data.Tests.Rules;

/// <summary>Several new rules at once (an import): checked like single ones, stored all in one transaction or none.</summary>
public sealed class RuleBatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RuleBatchItem Item(string name, int port, string host = "192.168.1.20") =>
        new(new RuleDraft { Name = name, Protocol = "tcp", ExternalPort = port, InternalHost = host, InternalPort = 80 }, RuleValidationContext.Empty);

    private static (RuleStore Store, List<RuleChange> Changes) StoreOn(TempDatabase db)
    {
        var signal = new RuleChangeSignal();
        var changes = new List<RuleChange>();
        signal.Changed += changes.Add;
        return (new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), signal, new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture))), changes);
    }

    [Fact]
    public async Task A_clean_batch_is_stored_whole_and_each_rule_is_signalled()
    {
        await using var db = await TempDatabase.CreateAsync();
        var (store, changes) = StoreOn(db);

        var result = await store.CreateAllAsync([Item("One", 9001), Item("Two", 9002)], Ct);

        Assert.True(result.IsSuccess);
        Assert.All(result.Rules, r => Assert.NotEqual(0, r.Id));
        Assert.Equal(["One", "Two"], (await store.GetAllAsync(Ct)).Select(r => r.Name));
        Assert.Equal(result.Rules.Select(r => new RuleChange(RuleChangeKind.Created, r.Id)), changes);
    }

    [Fact]
    public async Task One_bad_rule_stores_none_and_each_error_names_its_place_and_field()
    {
        await using var db = await TempDatabase.CreateAsync();
        var (store, changes) = StoreOn(db);
        Assert.True((await store.CreateAsync(Item("Saved", 9010).Draft, RuleValidationContext.Empty, Ct)).IsSuccess);
        changes.Clear();

        var result = await store.CreateAllAsync([Item("Fine", 9011), Item("Clash", 9010), Item("Bad host", 9012, "not a host!"), Item("Twin", 9011)], Ct);

        Assert.False(result.IsSuccess);
        Assert.Equal([1, 2, 3], result.Errors.Select(e => e.Index));
        Assert.Equal(RuleFields.ExternalPort, result.Errors[0].Error.FieldErrors.Keys.Single());
        Assert.Contains("\"Saved\"", result.Errors[0].Error.Message, StringComparison.Ordinal);
        Assert.Equal(RuleFields.InternalHost, result.Errors[1].Error.FieldErrors.Keys.Single());
        Assert.Contains("\"Fine\"", result.Errors[2].Error.Message, StringComparison.Ordinal);
        Assert.Equal(["Saved"], (await store.GetAllAsync(Ct)).Select(r => r.Name));
        Assert.Empty(changes);
    }

    [Fact]
    public async Task Checking_a_batch_stores_nothing()
    {
        await using var db = await TempDatabase.CreateAsync();
        var (store, changes) = StoreOn(db);

        var result = await store.CheckAllAsync([Item("One", 9021), Item("Two", 9022)], Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal(["One", "Two"], result.Rules.Select(r => r.Name));
        Assert.Empty(await store.GetAllAsync(Ct));
        Assert.Empty(changes);
    }
}
