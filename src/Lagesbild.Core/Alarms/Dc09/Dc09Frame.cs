namespace Lagesbild.Core.Alarms.Dc09;

/// <summary>What a receiver answers a frame with. None: no answer at all (bad CRC, bad length, garbage).</summary>
public enum Dc09Answer
{
    Ack,
    Nak,
    Duh,
    None,
}

/// <summary>
/// One frame as read off the wire, before decryption. Encrypted: the id starts with '*' on the wire; here Id has
/// no '*', Encrypted is true, and Data, Extended and Timestamp are null until <see cref="Decrypt"/>.
/// Data is the text inside the first brackets ("#1234|Nri1/BA01"), Extended the extended data blocks after it as
/// sent ("[X018E02][Y59E33]"), Timestamp the sender's UTC time.
/// </summary>
public sealed record Dc09Frame(string Id, bool Encrypted, string Sequence, string? Receiver, string Prefix,
    string Account, string? Data, string? Extended, DateTimeOffset? Timestamp, string? CipherHex)
{
    /// <summary>Whether the frame is a supervision message (the panel saying it is still there).</summary>
    public bool IsSupervision => Id == Dc09Codec.NullId;

    /// <summary>
    /// The frame with its data, extended data and timestamp decrypted (AES-CBC with the account's key of 16, 24
    /// or 32 bytes). A plain frame is returned as it is. Throws <see cref="Dc09Exception"/> when the text does not
    /// decrypt to a DC-09 message with a timestamp: a wrong key never yields data.
    /// </summary>
    public Dc09Frame Decrypt(ReadOnlySpan<byte> key)
    {
        if (!Encrypted || Data is not null)
        {
            return this;
        }
        var content = Dc09Cipher.Decrypt(CipherHex ?? "", key);
        if (!Dc09Body.TryParse(content, timestampRequired: true, out var body, out var reason))
        {
            throw new Dc09Exception($"The decrypted message is not valid: {reason}.");
        }
        return this with { Data = body.Data, Extended = body.Extended, Timestamp = body.Timestamp };
    }
}
