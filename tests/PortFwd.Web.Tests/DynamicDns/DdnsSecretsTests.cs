using Microsoft.AspNetCore.DataProtection;
using PortFwd.Web.DynamicDns;

namespace PortFwd.Web.Tests.DynamicDns;

public sealed class DdnsSecretsTests
{
    [Fact]
    public void A_secret_is_stored_encrypted_and_read_back_with_the_same_keys()
    {
        using var keys = new TempKeys();
        var secrets = new DdnsSecrets(keys.Provider());

        var stored = secrets.Protect("s3cret-pass");

        Assert.DoesNotContain("s3cret-pass", stored, StringComparison.Ordinal);
        Assert.Equal("s3cret-pass", new DdnsSecrets(keys.Provider()).Unprotect(stored));
    }

    [Fact]
    public void A_secret_from_lost_keys_reads_as_none_so_the_user_types_it_again()
    {
        using var before = new TempKeys();
        using var after = new TempKeys();
        var stored = new DdnsSecrets(before.Provider()).Protect("s3cret-pass");

        Assert.Null(new DdnsSecrets(after.Provider()).Unprotect(stored));
        Assert.Null(new DdnsSecrets(after.Provider()).Unprotect("not even base64"));
    }

    private sealed class TempKeys : IDisposable
    {
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("portfwd-keys-");

        public IDataProtectionProvider Provider() => DataProtectionProvider.Create(_directory, o => o.SetApplicationName("PortFwd"));

        public void Dispose() => _directory.Delete(recursive: true);
    }
}
