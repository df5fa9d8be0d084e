using MudBlazor;
using PortFwd.Core.Rules;
using PortFwd.Data.Rules;
using PortFwd.Web.Rules;
using PortFwd.Web.Tests.Localization;

namespace PortFwd.Web.Tests.Rules;

/// <summary>What the rules page says after each action, and when it says nothing.</summary>
public sealed class RuleNoticesTests
{
    private static readonly ForwardingRule Minecraft = new()
    {
        Id = 7,
        Name = "Minecraft server",
        Protocol = Protocol.Tcp,
        ExternalPort = 25565,
        InternalHost = "192.168.1.20",
        InternalPort = 25565,
    };

    private static readonly ForwardingRule Game = new()
    {
        Id = 8,
        Name = "Game",
        Protocol = Protocol.TcpUdp,
        ExternalPort = 27015,
        ExternalPortEnd = 27030,
        InternalHost = "192.168.1.30",
        InternalPort = 27015,
    };

    [Fact]
    public void Adding_and_saving_a_rule_are_successes_that_name_it()
    {
        Assert.Equal(new RuleNotice(Severity.Success, "Rule \"Minecraft server\" added."), RuleNotices.Added(Minecraft, UiText.Ui));
        Assert.Equal(new RuleNotice(Severity.Success, "Rule \"Minecraft server\" saved."), RuleNotices.Saved(Minecraft, UiText.Ui));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_switch_that_worked_says_nothing(bool enabled)
    {
        Assert.Null(RuleNotices.Switched(Minecraft, enabled, RuleSaveResult.Ok(Minecraft), UiText.Ui));
    }

    [Fact]
    public void Turning_on_a_rule_whose_port_another_rule_took_says_so_in_the_conflict_checks_words()
    {
        const string conflict = "Port 25565/TCP is already forwarded by rule \"Game\"; choose another external port or disable that rule first.";
        var result = RuleSaveResult.Fail(RuleSaveError.Conflicting(PortTakenByGame()));

        var notice = RuleNotices.Switched(Minecraft, enabled: true, result, UiText.Ui);

        Assert.Equal(new RuleNotice(Severity.Error, $"Could not turn \"Minecraft server\" on: {conflict}"), notice);
    }

    [Fact]
    public void In_Spanish_the_conflict_is_said_in_Spanish_with_the_port_and_the_other_rule_in_it()
    {
        var result = RuleSaveResult.Fail(RuleSaveError.Conflicting(PortTakenByGame()));

        var notice = InLanguage.Spanish(() => RuleNotices.Switched(Minecraft, enabled: true, result, UiText.Ui));

        Assert.Equal("No se pudo activar «Minecraft server»: La regla «Game» ya reenvía el puerto 25565/TCP; elija otro puerto externo o desactive antes esa regla.",
            notice!.Text);
    }

    [Fact]
    public void In_Spanish_the_validators_first_message_is_said_in_Spanish()
    {
        var refused = RuleValidator.Validate(new RuleDraft { Name = "Web", Protocol = "tcp", ExternalPort = 70000, InternalHost = "192.168.1.20", InternalPort = 80 });
        var result = RuleSaveResult.Fail(RuleSaveError.Invalid(refused.Error!));

        var notice = InLanguage.Spanish(() => RuleNotices.Switched(Minecraft, enabled: true, result, UiText.Ui));

        Assert.Equal("No se pudo activar «Minecraft server»: El puerto externo debe estar entre 1 y 65535; 70000 está fuera de ese rango.", notice!.Text);
        Assert.Equal("The external port must be from 1 to 65535; 70000 is outside that.", result.Error!.Message);
    }

    [Fact]
    public void In_Spanish_a_rule_deleted_meanwhile_is_said_in_Spanish()
    {
        var result = RuleSaveResult.Fail(RuleSaveError.NotFound);

        var notice = InLanguage.Spanish(() => RuleNotices.Switched(Minecraft, enabled: false, result, UiText.Ui));

        Assert.Equal("No se pudo desactivar «Minecraft server»: La regla ya no existe.", notice!.Text);
        Assert.Equal("The rule no longer exists.", result.Error!.Message);
    }

    /// <summary>What the conflict check says when a rule named "Game" holds Minecraft's port.</summary>
    private static RuleConflict PortTakenByGame()
    {
        var tcp = new ForwardingRule { Id = 9, Name = "Game", Protocol = Protocol.Tcp, ExternalPort = 25565, InternalHost = "192.168.1.30", InternalPort = 25565 };
        return RuleConflicts.Find(Minecraft, [tcp])!;
    }

    [Fact]
    public void A_rule_the_validator_refuses_is_named_with_the_first_message()
    {
        var result = RuleSaveResult.Fail(RuleSaveError.Invalid(new Dictionary<string, string[]>
        {
            [RuleFields.ExternalPort] = ["Port 8080 is used by this panel; choose another external port.", "A second message."],
            [RuleFields.Name] = ["A third message."],
        }));

        var notice = RuleNotices.Switched(Minecraft, enabled: true, result, UiText.Ui);

        Assert.Equal(Severity.Error, notice!.Severity);
        Assert.Equal("Could not turn \"Minecraft server\" on: Port 8080 is used by this panel; choose another external port.", notice.Text);
    }

    [Fact]
    public void Switching_off_a_rule_another_browser_deleted_says_it_no_longer_exists()
    {
        var notice = RuleNotices.Switched(Minecraft, enabled: false, RuleSaveResult.Fail(RuleSaveError.NotFound), UiText.Ui);

        Assert.Equal(new RuleNotice(Severity.Error, "Could not turn \"Minecraft server\" off: The rule no longer exists."), notice);
    }

    [Fact]
    public void The_delete_question_names_the_rule_and_the_ports_that_close()
    {
        Assert.Equal("Delete the rule \"Minecraft server\"? Port 25565 will be closed and the rule cannot be recovered.", RuleNotices.DeleteQuestion(Minecraft, UiText.Ui));
        Assert.Equal("Delete the rule \"Game\"? Port 27015-27030 will be closed and the rule cannot be recovered.", RuleNotices.DeleteQuestion(Game, UiText.Ui));
    }

    [Fact]
    public void A_delete_says_deleted_and_says_nothing_when_the_rule_was_already_gone()
    {
        Assert.Equal(new RuleNotice(Severity.Info, "Rule \"Minecraft server\" deleted."), RuleNotices.Deleted(Minecraft, deleted: true, UiText.Ui));
        Assert.Null(RuleNotices.Deleted(Minecraft, deleted: false, UiText.Ui));
    }
}
