using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortFwd.Data;
using PortFwd.Web.Accounts.TwoFactor;
using PortFwd.Web.Tests.Api;

namespace PortFwd.Web.Tests.Accounts;

/// <summary>
/// A panel on a clock the test moves, whose admin account has two-factor sign-in on: the secret, the recovery codes,
/// and the code of the current time step (each code works once, so a test moves the clock on for the next one).
/// </summary>
public sealed class TwoFactorPanel : IAsyncDisposable
{
    private TwoFactorPanel(PanelFactory factory, FakeTimeProvider clock, byte[] secret, IReadOnlyList<string> recoveryCodes)
        => (Factory, Clock, Secret, RecoveryCodes) = (factory, clock, secret, recoveryCodes);

    public PanelFactory Factory { get; }

    public FakeTimeProvider Clock { get; }

    public byte[] Secret { get; }

    public IReadOnlyList<string> RecoveryCodes { get; }

    public static async Task<TwoFactorPanel> StartAsync(CancellationToken ct)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var factory = new PanelFactory { Clock = clock };
        _ = factory.Server;
        var enrolment = TwoFactorService.Begin(PanelFactory.AdminUser);
        var twoFactor = factory.Services.GetRequiredService<TwoFactorService>();
        var enabled = await twoFactor.EnableAsync(await AdminIdAsync(factory, ct), enrolment, TotpCodes.Compute(enrolment.Secret, clock.GetUtcNow()), ct);
        Assert.True(enabled.IsSuccess, enabled.Error);
        return new TwoFactorPanel(factory, clock, enrolment.Secret, enabled.RecoveryCodes);
    }

    /// <summary>Moves the clock to the next time step and returns that step's code.</summary>
    public string NextCode()
    {
        Clock.Advance(TimeSpan.FromSeconds(TotpCodes.StepSeconds));
        return TotpCodes.Compute(Secret, Clock.GetUtcNow());
    }

    public static async Task<int> AdminIdAsync(PanelFactory factory, CancellationToken ct)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortFwdDbContext>>().CreateDbContextAsync(ct);
        return await db.Accounts.Where(a => a.UserName == PanelFactory.AdminUser).Select(a => a.Id).SingleAsync(ct);
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
