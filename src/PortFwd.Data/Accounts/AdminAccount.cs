namespace PortFwd.Data.Accounts;

/// <summary>A person who may sign in to the panel. Only the password's hash is stored.</summary>
public sealed class AdminAccount
{
    public int Id { get; set; }

    public string UserName { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
