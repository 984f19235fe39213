using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Lagesbild.Server.Features.Cameras;

/// <summary>A camera's password, encrypted with the server's data protection keys as sensor secrets are; read only to fetch a still.</summary>
public sealed class CameraCredentials(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Lagesbild.CameraCredentials");

    public string Protect(string password) => _protector.Protect(password);

    /// <summary>The password, or null when the keys that encrypted it are lost.</summary>
    public string? Unprotect(string protectedPassword)
    {
        try
        {
            return _protector.Unprotect(protectedPassword);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
