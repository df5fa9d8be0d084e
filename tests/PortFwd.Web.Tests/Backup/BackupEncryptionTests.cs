using PortFwd.Web.Backup;

namespace PortFwd.Web.Tests.Backup;

/// <summary>The encryption of a backup's secrets: opened only by the same passphrase and salt, and a changed byte is noticed.</summary>
public sealed class BackupEncryptionTests
{
    [Fact]
    public void A_secret_opens_with_the_same_passphrase_and_salt_only()
    {
        var encryption = BackupEncryption.New();
        Assert.Null(encryption.Problem());
        var sealedSecret = encryption.DeriveKey("correct horse").Encrypt("pw-SECRET-1");

        Assert.Equal("pw-SECRET-1", encryption.DeriveKey("correct horse").Decrypt(sealedSecret));
        Assert.Null(encryption.DeriveKey("correct horsE").Decrypt(sealedSecret));
        Assert.Null((encryption with { Salt = BackupEncryption.New().Salt }).DeriveKey("correct horse").Decrypt(sealedSecret));

        // Each secret has a nonce of its own: the same secret twice is two different texts.
        Assert.NotEqual(sealedSecret, encryption.DeriveKey("correct horse").Encrypt("pw-SECRET-1"));
    }

    [Fact]
    public void A_changed_or_cut_secret_does_not_open()
    {
        var encryption = BackupEncryption.New();
        var key = encryption.DeriveKey("correct horse");
        var bytes = Convert.FromBase64String(key.Encrypt("tok-SECRET-2"));
        bytes[^1] ^= 1;
        Assert.Null(key.Decrypt(Convert.ToBase64String(bytes)));
        Assert.Null(key.Decrypt(Convert.ToBase64String(bytes[..20])));
        Assert.Null(key.Decrypt("not base64!"));
    }

    [Theory]
    [InlineData("AES-128-CBC", "PBKDF2-SHA256", 600000, "AES-128-CBC")]
    [InlineData("AES-256-GCM", "PBKDF2-SHA256", 1000, "iteration count 1000")]
    [InlineData("AES-256-GCM", "PBKDF2-SHA256", 600000, "salt")]
    public void Parameters_this_panel_does_not_read_are_named(string algorithm, string kdf, int iterations, string named)
    {
        var salt = named == "salt" ? "c2hvcnQ=" : BackupEncryption.New().Salt;
        Assert.Contains(named, new BackupEncryption(algorithm, kdf, iterations, salt).Problem(), StringComparison.Ordinal);
    }
}
