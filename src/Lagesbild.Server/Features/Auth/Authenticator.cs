using System.Security.Cryptography;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.DataProtection;
using OtpNet;
using QRCoder;

namespace Lagesbild.Server.Features.Auth;

/// <summary>
/// The authenticator app (TOTP, RFC 6238, as Microsoft Authenticator, FreeOTP and others read it) and the recovery
/// codes for a lost phone. The shared key is stored protected with the data protection keys; recovery codes only as
/// hashes.
/// </summary>
public sealed class Authenticator(IDataProtectionProvider protection, TimeProvider time)
{
    public const int RecoveryCodeCount = 10;

    private readonly IDataProtector _protector = protection.CreateProtector("Lagesbild.Totp");

    /// <summary>A new shared key, as the Base32 text an app takes by hand.</summary>
    public static string NewKey() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public string Protect(string key) => _protector.Protect(key);

    /// <summary>The otpauth:// address that an app reads from the QR code.</summary>
    public static string SetupUri(string email, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString("Lägesbild:" + email)}?secret={key}&issuer={Uri.EscapeDataString("Lägesbild")}&digits=6&period=30";

    /// <summary>The QR code of <see cref="SetupUri"/> as a PNG data address, for an img element.</summary>
    public static string QrCode(string uri)
    {
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }

    /// <summary>Whether a code from the app fits a key not yet stored (while the user sets the app up).</summary>
    public bool Fits(string key, string code) =>
        Normalize(code) is { Length: 6 } digits && new Totp(Base32Encoding.ToBytes(key)).VerifyTotp(time.GetUtcNow().UtcDateTime, digits, out _, Window);

    /// <summary>
    /// Whether the code is the app's current one (a step not used before, so that a code seen over a shoulder
    /// cannot be used again) or an unused recovery code, which is then spent. Changes the user; the caller saves.
    /// </summary>
    public bool Accepts(User user, string code)
    {
        if (user.TotpSecret is null)
            return false;
        var normalized = Normalize(code);
        if (normalized.Length == 6 && normalized.All(char.IsAsciiDigit))
        {
            var totp = new Totp(Base32Encoding.ToBytes(_protector.Unprotect(user.TotpSecret)));
            if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, normalized, out var step, Window) || step <= user.TotpLastStep)
                return false;
            user.TotpLastStep = step;
            return true;
        }
        var hashes = (user.RecoveryCodes ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!hashes.Remove(Hash(normalized)))
            return false;
        user.RecoveryCodes = string.Join(';', hashes);
        return true;
    }

    /// <summary>New recovery codes: the codes to show once, and the hashes to store.</summary>
    public static (IReadOnlyList<string> Codes, string Stored) NewRecoveryCodes()
    {
        var codes = Enumerable.Range(0, RecoveryCodeCount)
            .Select(_ => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(5)))
            .Select(c => $"{c[..4]}-{c[4..]}")
            .ToList();
        return (codes, string.Join(';', codes.Select(c => Hash(Normalize(c)))));
    }

    public static int RecoveryCodesLeft(User user) => (user.RecoveryCodes ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>One step either side, for a phone's clock a little off.</summary>
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    private static string Normalize(string code) =>
        new(code.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());

    private static string Hash(string code) => SecretTokens.Hash(code);
}
