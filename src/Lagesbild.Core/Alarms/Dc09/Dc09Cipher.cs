using System.Security.Cryptography;
using System.Text;

namespace Lagesbild.Core.Alarms.Dc09;

/// <summary>
/// The encryption of DC-09: AES-CBC with an all-zero IV and no block padding. The text after the data's '[' is
/// preceded by random pad characters (never '|', '[' or ']') and a '|' that ends them, so that the whole is a
/// multiple of 16 bytes; it travels as upper-case hex. This is how panels and receivers in the field (and the
/// published example frames) do it.
/// </summary>
internal static class Dc09Cipher
{
    private const int Block = 16;
    private static readonly byte[] ZeroIv = new byte[Block];

    public static bool IsKeyLength(int length) => length is 16 or 24 or 32;

    public static string Encrypt(string content, ReadOnlySpan<byte> key)
    {
        if (!IsKeyLength(key.Length))
        {
            throw new ArgumentException("A DC-09 key is 16, 24 or 32 bytes.", nameof(key));
        }
        // A full block of pad when the text already fills its blocks, as the senders in the field do: the pad is
        // never empty.
        var padLength = Block - ((content.Length + 1) % Block);
        var plain = new byte[padLength + 1 + content.Length];
        FillPad(plain.AsSpan(0, padLength));
        plain[padLength] = (byte)'|';
        Encoding.ASCII.GetBytes(content, plain.AsSpan(padLength + 1));
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        return Convert.ToHexString(aes.EncryptCbc(plain, ZeroIv, PaddingMode.None));
    }

    /// <summary>The text after the pad, as it was before encryption. Throws Dc09Exception for anything else.</summary>
    public static string Decrypt(string cipherHex, ReadOnlySpan<byte> key)
    {
        if (!IsKeyLength(key.Length))
        {
            throw new Dc09Exception("A DC-09 key is 16, 24 or 32 bytes.");
        }
        if (cipherHex.Length == 0 || cipherHex.Length % (2 * Block) != 0)
        {
            throw new Dc09Exception("The encrypted text is not a whole number of blocks.");
        }
        byte[] cipher;
        try
        {
            cipher = Convert.FromHexString(cipherHex);
        }
        catch (FormatException)
        {
            throw new Dc09Exception("The encrypted text is not hexadecimal.");
        }
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        var plain = aes.DecryptCbc(cipher, ZeroIv, PaddingMode.None);
        // The pad ends at the first '|'. Some senders put the data's '[' there instead; a pad never holds either.
        var end = plain.AsSpan().IndexOfAny((byte)'|', (byte)'[');
        if (end < 0 || plain.AsSpan(0, end).Contains((byte)']'))
        {
            throw new Dc09Exception("The decrypted text has no pad: wrong key?");
        }
        var start = end + 1;
        if (plain[end] == '|' && start < plain.Length && plain[start] == '[')
        {
            start++;
        }
        var content = plain.AsSpan(start);
        foreach (var b in content)
        {
            if (b is < 0x20 or > 0x7E)
            {
                throw new Dc09Exception("The decrypted text is not printable ASCII: wrong key?");
            }
        }
        return Encoding.ASCII.GetString(content);
    }

    private static void FillPad(Span<byte> pad)
    {
        // Printable characters, so that receivers that read the pad as text do not stumble.
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (var i = 0; i < pad.Length; i++)
        {
            pad[i] = (byte)Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
    }
}
