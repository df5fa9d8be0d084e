using PortFwd.Core.Blocklist;
using PortFwd.Core.Rules.Validation;
using PortFwd.Import;
using PortFwd.Web.Accounts;
using PortFwd.Web.Backup;
using PortFwd.Web.Certificates;
using PortFwd.Web.DynamicDns;
using PortFwd.Web.Forwarding;
using PortFwd.Web.HomeRouter;
using PortFwd.Web.Localization;
using PortFwd.Web.Reachability;
using PortFwd.Web.Settings;

namespace PortFwd.Web.Tests.Localization;

/// <summary>What services write (rule and router status, account answers) is shown in the panel's language from its code; the API keeps the English.</summary>
public sealed class ServiceMessageTextTests
{
    [Fact]
    public void Every_service_message_code_has_its_English_and_a_Spanish_text_with_the_same_values() =>
        ResourceCompletenessTests.AssertTranslated(ServiceMessages.All, MessageText.ServicePrefix);

    [Fact]
    public void Every_code_is_in_the_one_list_the_completeness_test_reads()
    {
        Assert.Equal(RuleStatusMessages.All.Count + RouterMessages.All.Count + AccountMessages.All.Count
            + ReachabilityMessages.All.Count + ImportMessages.All.Count + BlocklistMessages.All.Count + RestoreMessages.All.Count
            + DdnsMessages.All.Count + DdnsUpdateMessages.All.Count + SettingsMessages.All.Count + CertificateMessages.All.Count, ServiceMessages.All.Count);
        Assert.All(RuleStatusMessages.All, t => Assert.StartsWith("Rule.", t.Code, StringComparison.Ordinal));
        Assert.All(RouterMessages.All, t => Assert.StartsWith("Router.", t.Code, StringComparison.Ordinal));
        Assert.All(AccountMessages.All, t => Assert.StartsWith("Account.", t.Code, StringComparison.Ordinal));
        Assert.All(ReachabilityMessages.All, t => Assert.StartsWith("Reach.", t.Code, StringComparison.Ordinal));
        Assert.All(ImportMessages.All, t => Assert.StartsWith("Import.", t.Code, StringComparison.Ordinal));
        Assert.All(BlocklistMessages.All, t => Assert.StartsWith("Blocklist.", t.Code, StringComparison.Ordinal));
        Assert.All(RestoreMessages.All, t => Assert.StartsWith("Restore.", t.Code, StringComparison.Ordinal));
        Assert.All(DdnsMessages.All, t => Assert.StartsWith("Ddns.", t.Code, StringComparison.Ordinal));
        Assert.All(DdnsUpdateMessages.All, t => Assert.StartsWith("Ddns.Update.", t.Code, StringComparison.Ordinal));
        Assert.All(SettingsMessages.All, t => Assert.StartsWith("Settings.", t.Code, StringComparison.Ordinal));
        Assert.All(CertificateMessages.All, t => Assert.StartsWith("Cert.", t.Code, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(300, "Demasiados inicios de sesión fallidos. Vuelva a intentarlo dentro de 5 minutos.")]
    [InlineData(60, "Demasiados inicios de sesión fallidos. Vuelva a intentarlo dentro de 1 minuto.")]
    [InlineData(30, "Demasiados inicios de sesión fallidos. Vuelva a intentarlo dentro de 30 segundos.")]
    public void A_lockout_reads_in_Spanish_with_its_wait(double seconds, string expected)
    {
        var message = AccountMessages.TooManyFailures(TimeSpan.FromSeconds(seconds));

        Assert.Equal(expected, InLanguage.Run("es", () => MessageText.Localize(message, UiText.Ui, MessageText.ServicePrefix)));
        Assert.Equal(message.Text, InLanguage.Run("en", () => MessageText.Localize(message, UiText.Ui, MessageText.ServicePrefix)));
    }

    [Fact]
    public void A_relay_failure_keeps_the_relays_English_and_reads_in_Spanish_from_its_code()
    {
        var inUse = RuleStatusMessages.FromRelay("PortInUse", "port 8080 is already in use by another program", [8080, ""]);

        Assert.Equal("Port 8080 is already in use by another program", inUse.Text);
        Assert.Equal(inUse.Text, InLanguage.Run("en", () => MessageText.Service(inUse, inUse.Text, UiText.Ui)));
        Assert.Equal("El puerto 8080 ya lo usa otro programa", InLanguage.Run("es", () => MessageText.Service(inUse, inUse.Text, UiText.Ui)));
    }

    [Fact]
    public void A_relay_failure_without_a_known_code_is_shown_in_English()
    {
        var other = RuleStatusMessages.FromRelay("", "internal port 0 is not between 1 and 65535", []);

        Assert.Equal("Internal port 0 is not between 1 and 65535", InLanguage.Run("es", () => MessageText.Service(other, other.Text, UiText.Ui)));
    }

    [Fact]
    public void A_message_inside_another_is_translated_too()
    {
        var cause = RuleStatusMessages.FromRelay("PortInUse", "port 80 is already in use by another program", [80, ""]);
        var redirect = new ValidationMessage(RuleStatusMessages.RedirectCannotListen.Code,
            "HTTPS answers, but the redirect from plain HTTP cannot: port 80 is already in use by another program.", [cause]);

        Assert.Equal("HTTPS responde, pero la redirección desde HTTP sin cifrar no puede: El puerto 80 ya lo usa otro programa.",
            InLanguage.Run("es", () => MessageText.Service(redirect, redirect.Text, UiText.Ui)));
    }

    [Fact]
    public void A_schedule_status_names_the_day_in_the_panels_language()
    {
        var friday = new DateTime(2026, 12, 4, 18, 0, 0);
        var message = RuleStatusMessages.OffUntilDay.With(friday);

        Assert.Equal("Off by schedule until Fri 18:00", message.Text);
        Assert.Equal("Apagada por horario hasta el vie a las 18:00", InLanguage.Run("es", () => MessageText.Service(message, message.Text, UiText.Ui)));
    }

    [Fact]
    public void The_same_status_said_again_is_equal_so_pages_are_not_told()
    {
        Assert.Equal(RouterMessages.Refused.With("ConflictInMappingEntry (718)."), RouterMessages.Refused.With("ConflictInMappingEntry (718)."));
        Assert.NotEqual(RouterMessages.Refused.With("ConflictInMappingEntry (718)."), RouterMessages.Refused.With("OnlyPermanentLeasesSupported (725)."));
    }

    [Fact]
    public void A_password_change_answer_is_known_by_its_code_and_nothing_else()
    {
        var known = AccountMessages.PasswordChangeAnswer("Account.PasswordTooShort");

        Assert.Equal("The password must be at least 8 characters.", known!.Text);
        Assert.Equal("La contraseña debe tener al menos 8 caracteres.", InLanguage.Run("es", () => MessageText.Localize(known, UiText.Ui, MessageText.ServicePrefix)));
        Assert.Null(AccountMessages.PasswordChangeAnswer("The current password is wrong."));
        Assert.Null(AccountMessages.PasswordChangeAnswer("Account.WrongPassword"));
        Assert.Null(AccountMessages.PasswordChangeAnswer(null));
    }

    [Fact]
    public void A_refused_change_sends_its_own_code_or_that_nothing_changed()
    {
        Assert.Equal("Account.CurrentPasswordWrong", AccountMessages.PasswordChangeCode(AccountMessages.CurrentPasswordWrong.With()));
        Assert.Equal("Account.PasswordNotChanged", AccountMessages.PasswordChangeCode(ValidationMessage.Plain("The disk is full.")));
        Assert.Equal("Account.PasswordNotChanged", AccountMessages.PasswordChangeCode(null));
    }
}
