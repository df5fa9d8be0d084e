using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Core.Certificates;
using PortFwd.Core.Rules;
using PortFwd.Core.Rules.Validation;
using PortFwd.Data.Certificates;
using PortFwd.Data.Rules;
using PortFwd.Testing.Storage;

namespace PortFwd.Data.Tests.Certificates;

public sealed class CertificateStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StoredCertificate Certificate(CertificateSource source, string thumbprint, int? ruleId = null, params string[] names) => new()
    {
        Names = [.. names],
        Source = source,
        RuleId = ruleId,
        ChainPem = "-----BEGIN CERTIFICATE-----\n" + thumbprint + "\n-----END CERTIFICATE-----\n",
        ProtectedKey = "ciphertext-" + thumbprint,
        Subject = "CN=" + names[0],
        Issuer = "CN=Test CA",
        Thumbprint = thumbprint,
        NotBefore = Start.AddDays(-1),
        NotAfter = Start.AddDays(89),
    };

    private static RuleDraft HttpsDraft(string tls, int? certificateId, params string[] hostNames) => new()
    {
        Name = "Site " + string.Join(",", hostNames),
        Protocol = "http",
        ExternalPort = 8443,
        InternalHost = "192.168.1.20",
        InternalPort = 80,
        HostNames = [.. hostNames],
        Tls = tls,
        CertificateId = certificateId,
    };

    private static RuleDraft OnPort(int port, RuleDraft draft)
    {
        draft.ExternalPort = port;
        return draft;
    }

    private sealed class NoSignal : IRuleChangeSignal
    {
        public event Action<RuleChange>? Changed;

        public void Notify(RuleChange change) => Changed?.Invoke(change);
    }

    [Fact]
    public async Task Rules_saved_before_https_existed_read_as_plain_http_on_port_80()
    {
        await using var db = await TempDatabase.AtMigrationAsync("20261201011427_DdnsNames",
            "INSERT INTO Rules (Name, Protocol, ExternalPort, InternalHost, InternalPort, Enabled, OpenOnRouter, AllowedSources, HostNames, CreatedAt, UpdatedAt) " +
            "VALUES ('Old site', 'http', 8088, '192.168.1.20', 80, 1, 0, '[]', '[\"old.example.com\"]', '2026-11-30 10:00:00+00:00', '2026-11-30 10:00:00+00:00')");
        var reopened = await db.ReopenAsync();
        var rule = Assert.Single(await new RuleStore(reopened, new CertificateStore(reopened, TimeProvider.System), new NoSignal(), TimeProvider.System).GetAllAsync(Ct));

        Assert.Equal(("Old site", TlsMode.Off, 80, false, false, (int?)null), (rule.Name, rule.Tls, rule.HttpPort, rule.RedirectHttp, rule.Hsts, rule.CertificateId));
    }

    [Fact]
    public async Task A_renewal_noted_before_codes_were_kept_keeps_its_English_after_the_upgrade()
    {
        // The schema as the release before had it, with a certificate whose renewal failed.
        await using var db = await TempDatabase.AtMigrationAsync("20261202143537_DdnsUpdateCodes",
            "INSERT INTO Certificates (Id, Names, Source, ChainPem, ProtectedKey, Subject, Issuer, Thumbprint, NotBefore, NotAfter, CreatedAt, " +
            "LastRenewalAt, LastRenewalResult, LastRenewalMessage) VALUES (5, '[\"old.example.com\"]', 'acme', 'pem', 'key', 'CN=old.example.com', 'CN=CA', 'AA', " +
            "'2026-09-01 00:00:00+00:00', '2026-12-01 00:00:00+00:00', '2026-09-01 00:00:00+00:00', '2026-11-01 10:00:00+00:00', 'Failed', " +
            "'The CA refused the request: no. Next try 2026-11-01 11:00 UTC.')");
        var stored = await new CertificateStore(await db.ReopenAsync(), TimeProvider.System).GetAsync(5, Ct);

        Assert.Equal(["old.example.com"], stored!.Names);
        Assert.Equal((RenewalResult.Failed, "The CA refused the request: no. Next try 2026-11-01 11:00 UTC.", (string?)null, (string?)null),
            (stored.LastRenewalResult, stored.LastRenewalMessage, stored.LastRenewalCode, stored.LastRenewalArguments));
        Assert.Equal(ValidationMessage.Plain("The CA refused the request: no. Next try 2026-11-01 11:00 UTC."), stored.LastRenewalSaid);
    }

    [Fact]
    public async Task Each_upload_is_a_certificate_of_its_own()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new CertificateStore(db.Factory, new FakeTimeProvider(Start));

        var first = await store.SaveAsync(Certificate(CertificateSource.Uploaded, "AA", null, "app.example.com"), Ct);
        var second = await store.SaveAsync(Certificate(CertificateSource.Uploaded, "BB", null, "app.example.com"), Ct);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, (await store.GetAllAsync(Ct)).Count);
    }

    [Fact]
    public async Task An_acme_certificate_for_the_same_names_replaces_the_previous_one_keeping_its_id()
    {
        await using var db = await TempDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Start);
        var store = new CertificateStore(db.Factory, clock);
        var first = await store.SaveAsync(Certificate(CertificateSource.Acme, "AA", null, "a.example.com", "b.example.com"), Ct);
        var other = await store.SaveAsync(Certificate(CertificateSource.Acme, "CC", null, "c.example.com"), Ct);

        clock.Advance(TimeSpan.FromDays(60));
        var renewed = await store.SaveAsync(Certificate(CertificateSource.Acme, "BB", null, "b.example.com", "a.example.com"), Ct);

        Assert.Equal(first.Id, renewed.Id);
        var all = await store.GetAllAsync(Ct);
        Assert.Equal(2, all.Count);
        var stored = all.Single(c => c.Id == first.Id);
        Assert.Equal(("BB", "ciphertext-BB", Start.AddDays(60)), (stored.Thumbprint, stored.ProtectedKey, stored.RenewedAt));
        Assert.Equal(Start, stored.CreatedAt);
        Assert.Equal("CC", all.Single(c => c.Id == other.Id).Thumbprint);
    }

    [Fact]
    public async Task A_self_signed_certificate_is_replaced_per_rule_and_goes_with_its_rule()
    {
        await using var db = await TempDatabase.CreateAsync();
        var rules = new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), new NoSignal(), TimeProvider.System);
        var rule = (await rules.CreateAsync(HttpsDraft("selfSigned", null, "nas.lan"), RuleValidationContext.Empty, Ct)).Value!;
        var store = new CertificateStore(db.Factory, new FakeTimeProvider(Start));
        var first = (await store.SaveSelfSignedAsync(Certificate(CertificateSource.SelfSigned, "AA", rule.Id, "nas.lan"), Ct))!;

        var again = (await store.SaveSelfSignedAsync(Certificate(CertificateSource.SelfSigned, "BB", rule.Id, "nas.lan"), Ct))!;
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Id, CertificateChoice.For(rule, await store.GetAllAsync(Ct))?.Id);

        Assert.True(await rules.DeleteAsync(rule.Id, Ct));
        Assert.Empty(await store.GetAllAsync(Ct));
    }

    [Fact]
    public async Task A_self_signed_certificate_made_for_a_rule_deleted_or_changed_meanwhile_is_not_stored()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new CertificateStore(db.Factory, new FakeTimeProvider(Start));
        var rules = new RuleStore(db.Factory, store, new NoSignal(), TimeProvider.System);
        var deleted = (await rules.CreateAsync(HttpsDraft("selfSigned", null, "nas.lan"), RuleValidationContext.Empty, Ct)).Value!;
        var changed = (await rules.CreateAsync(OnPort(8444, HttpsDraft("selfSigned", null, "cam.lan")), RuleValidationContext.Empty, Ct)).Value!;
        var uploaded = await store.SaveAsync(Certificate(CertificateSource.Uploaded, "UP", null, "cam.lan"), Ct);

        // What the reconciler does: it read both rules as self-signed, then makes their certificates while the user
        // deletes one and gives the other an uploaded certificate.
        Assert.True(await rules.DeleteAsync(deleted.Id, Ct));
        Assert.True((await rules.UpdateAsync(changed.Id, OnPort(8444, HttpsDraft("uploaded", uploaded.Id, "cam.lan")), RuleValidationContext.Empty, Ct)).IsSuccess);

        Assert.Null(await store.SaveSelfSignedAsync(Certificate(CertificateSource.SelfSigned, "AA", deleted.Id, "nas.lan"), Ct));
        Assert.Null(await store.SaveSelfSignedAsync(Certificate(CertificateSource.SelfSigned, "BB", changed.Id, "cam.lan"), Ct));
        Assert.Equal([uploaded.Id], (await store.GetAllAsync(Ct)).Select(c => c.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(Certificate(CertificateSource.SelfSigned, "CC", changed.Id, "cam.lan"), Ct));
    }

    [Fact]
    public async Task A_rule_that_stops_using_its_self_signed_certificate_lets_it_go()
    {
        await using var db = await TempDatabase.CreateAsync();
        var rules = new RuleStore(db.Factory, new CertificateStore(db.Factory, TimeProvider.System), new NoSignal(), TimeProvider.System);
        var rule = (await rules.CreateAsync(HttpsDraft("selfSigned", null, "nas.lan"), RuleValidationContext.Empty, Ct)).Value!;
        var store = new CertificateStore(db.Factory, new FakeTimeProvider(Start));
        Assert.NotNull(await store.SaveSelfSignedAsync(Certificate(CertificateSource.SelfSigned, "AA", rule.Id, "nas.lan"), Ct));
        var uploaded = await store.SaveAsync(Certificate(CertificateSource.Uploaded, "BB", null, "nas.lan"), Ct);

        Assert.True((await rules.UpdateAsync(rule.Id, HttpsDraft("uploaded", uploaded.Id, "nas.lan"), RuleValidationContext.Empty, Ct)).IsSuccess);

        Assert.Equal([uploaded.Id], (await store.GetAllAsync(Ct)).Select(c => c.Id));
    }

    [Fact]
    public async Task A_certificate_a_rule_serves_is_not_deleted_until_the_rule_lets_go()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new CertificateStore(db.Factory, new FakeTimeProvider(Start));
        var rules = new RuleStore(db.Factory, store, new NoSignal(), new FakeTimeProvider(Start));
        var certificate = await store.SaveAsync(Certificate(CertificateSource.Uploaded, "AA", null, "*.example.com"), Ct);
        var rule = (await rules.CreateAsync(HttpsDraft("uploaded", certificate.Id, "app.example.com"), RuleValidationContext.Empty, Ct)).Value!;

        var refused = await store.DeleteAsync(certificate.Id, Ct);
        Assert.Equal(CertificateDeleteOutcome.InUse, refused.Outcome);
        Assert.Equal([rule.Id], refused.UsedBy.Select(r => r.Id));

        Assert.True((await rules.UpdateAsync(rule.Id, HttpsDraft("selfSigned", null, "app.example.com"), RuleValidationContext.Empty, Ct)).IsSuccess);
        Assert.Equal(CertificateDeleteOutcome.Deleted, (await store.DeleteAsync(certificate.Id, Ct)).Outcome);
        Assert.Equal(CertificateDeleteOutcome.NotFound, (await store.DeleteAsync(certificate.Id, Ct)).Outcome);
    }

    [Fact]
    public async Task A_certificate_deleted_while_a_rule_choosing_it_is_saved_waits_for_the_rule_and_stays_in_use()
    {
        await using var db = await TempDatabase.CreateAsync();
        var hold = new HeldWrite();
        var factory = db.FactoryWith(new HeldSave(hold, c => c.ChangeTracker.Entries<ForwardingRule>().Any(e => e.State == EntityState.Added)));
        var store = new CertificateStore(factory, new FakeTimeProvider(Start));
        var rules = new RuleStore(factory, store, new NoSignal(), new FakeTimeProvider(Start));
        var certificate = await store.SaveAsync(Certificate(CertificateSource.Uploaded, "AA", null, "app.example.com"), Ct);

        // The rule has checked its certificate (there, current, covering its name) and is about to be written.
        var save = rules.CreateAsync(HttpsDraft("uploaded", certificate.Id, "app.example.com"), RuleValidationContext.Empty, Ct);
        await hold.Reached.WaitAsync(Within, Ct);
        var delete = store.DeleteAsync(certificate.Id, Ct);
        await hold.ReleaseWhenAsync(() => delete.IsCompleted || store.Writes.Waiting > 0, Within, Ct);

        // The delete came after the rule: it saw the rule serve the certificate and kept it.
        var rule = (await save.WaitAsync(Within, Ct)).Value!;
        var deleted = await delete.WaitAsync(Within, Ct);
        Assert.Equal(CertificateDeleteOutcome.InUse, deleted.Outcome);
        Assert.Equal([rule.Id], deleted.UsedBy.Select(r => r.Id));
        Assert.NotNull(await store.GetAsync(certificate.Id, Ct));
    }

    [Fact]
    public async Task The_rule_store_checks_an_uploaded_rule_against_the_stored_certificates()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new CertificateStore(db.Factory, new FakeTimeProvider(Start));
        var rules = new RuleStore(db.Factory, store, new NoSignal(), new FakeTimeProvider(Start));
        var certificate = await store.SaveAsync(Certificate(CertificateSource.Uploaded, "AA", null, "app.example.com"), Ct);

        var unknown = await rules.CreateAsync(HttpsDraft("uploaded", certificate.Id + 1, "app.example.com"), RuleValidationContext.Empty, Ct);
        var uncovered = await rules.CreateAsync(HttpsDraft("uploaded", certificate.Id, "shop.example.com"), RuleValidationContext.Empty, Ct);
        var covered = await rules.CreateAsync(HttpsDraft("uploaded", certificate.Id, "app.example.com"), RuleValidationContext.Empty, Ct);

        Assert.Equal([RuleFields.CertificateId], unknown.Error!.FieldErrors.Keys);
        Assert.Equal([RuleFields.CertificateId], uncovered.Error!.FieldErrors.Keys);
        Assert.Contains("shop.example.com", uncovered.Error.Message, StringComparison.Ordinal);
        Assert.Equal(certificate.Id, covered.Value!.CertificateId);
    }

    [Fact]
    public async Task The_rule_store_refuses_an_expired_certificate()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new CertificateStore(db.Factory, new FakeTimeProvider(Start));
        var certificate = await store.SaveAsync(Certificate(CertificateSource.Uploaded, "AA", null, "app.example.com"), Ct);
        var rules = new RuleStore(db.Factory, store, new NoSignal(), new FakeTimeProvider(Start.AddDays(90)));

        var expired = await rules.CreateAsync(HttpsDraft("uploaded", certificate.Id, "app.example.com"), RuleValidationContext.Empty, Ct);

        Assert.Contains("expired", Assert.Single(expired.Error!.FieldErrors[RuleFields.CertificateId]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_whose_certificate_expired_can_still_be_turned_off()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new CertificateStore(db.Factory, new FakeTimeProvider(Start));
        var certificate = await store.SaveAsync(Certificate(CertificateSource.Uploaded, "AA", null, "app.example.com"), Ct);
        var clock = new FakeTimeProvider(Start);
        var rules = new RuleStore(db.Factory, store, new NoSignal(), clock);
        var rule = (await rules.CreateAsync(HttpsDraft("uploaded", certificate.Id, "app.example.com"), RuleValidationContext.Empty, Ct)).Value!;
        clock.Advance(TimeSpan.FromDays(90));

        var off = await rules.SetEnabledAsync(rule.Id, false, RuleValidationContext.Empty, Ct);
        var on = await rules.SetEnabledAsync(rule.Id, true, RuleValidationContext.Empty, Ct);

        Assert.True(off.IsSuccess, off.ToString());
        Assert.Contains("expired", on.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renewal_attempt_is_noted_with_its_result_and_message()
    {
        await using var db = await TempDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Start);
        var store = new CertificateStore(db.Factory, clock);
        var certificate = await store.SaveAsync(Certificate(CertificateSource.Acme, "AA", null, "app.example.com"), Ct);
        clock.Advance(TimeSpan.FromHours(3));

        var limited = new ValidationMessage("Cert.AcmeRateLimited", "The CA's rate limit was reached; it will not issue again until later: too many certificates",
            ["too many certificates"]);
        var said = new ValidationMessage("Cert.RenewalFailed", limited.Text + " Next try 2026-12-02 15:30 UTC.", [limited, "2026-12-02 15:30"]);

        Assert.True(await store.RecordRenewalAsync(certificate.Id, RenewalResult.Failed, said, Ct));
        Assert.False(await store.RecordRenewalAsync(certificate.Id + 1, RenewalResult.Failed, ValidationMessage.Plain("none"), Ct));

        var stored = await store.GetAsync(certificate.Id, Ct);
        Assert.Equal((Start.AddHours(3), RenewalResult.Failed, said.Text),
            (stored!.LastRenewalAt, stored.LastRenewalResult, stored.LastRenewalMessage));
        Assert.Equal(said, stored.LastRenewalSaid);
    }

    [Fact]
    public async Task A_renewal_note_without_a_code_keeps_only_its_English()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = new CertificateStore(db.Factory, new FakeTimeProvider(Start));
        var certificate = await store.SaveAsync(Certificate(CertificateSource.Acme, "AB", null, "plain.example.com"), Ct);

        Assert.True(await store.RecordRenewalAsync(certificate.Id, RenewalResult.Renewed, ValidationMessage.Plain("Renewed by hand."), Ct));

        var stored = await store.GetAsync(certificate.Id, Ct);
        Assert.Equal(("Renewed by hand.", (string?)null, (string?)null), (stored!.LastRenewalMessage, stored.LastRenewalCode, stored.LastRenewalArguments));
        Assert.Equal(ValidationMessage.Plain("Renewed by hand."), stored.LastRenewalSaid);
    }
}
