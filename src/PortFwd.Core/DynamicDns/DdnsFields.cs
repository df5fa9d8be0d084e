namespace PortFwd.Core.DynamicDns;

/// <summary>Field names of a Dynamic DNS name, shared by the form and the API's error map.</summary>
public static class DdnsFields
{
    public const string Provider = "provider";
    public const string Hostname = "hostname";
    public const string Username = "username";
    public const string Password = "password";
    public const string Token = "token";
    public const string Server = "server";
    public const string Ipv4 = "ipv4";
    public const string Ipv6 = "ipv6";
    public const string ConfirmBy = "confirmBy";
}
