using QRCoder;

namespace PortFwd.Web.Accounts.TwoFactor;

/// <summary>
/// Draws a QR code as a PNG <c>data:</c> URI for an <c>&lt;img&gt;</c>: no script and no request of its own, so it
/// shows under a Content-Security-Policy that allows only <c>img-src 'self' data:</c>.
/// </summary>
public static class QrCodeImage
{
    public static string DataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
