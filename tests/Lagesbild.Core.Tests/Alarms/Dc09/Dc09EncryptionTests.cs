using System.Security.Cryptography;
using System.Text;
using Lagesbild.Core.Alarms.Dc09;
using static Lagesbild.Core.Tests.Alarms.Dc09.Dc09Wire;

namespace Lagesbild.Core.Tests.Alarms.Dc09;

/// <summary>
/// Encrypted DC-09 frames (AES-CBC, zero IV, random pad ended by '|'). The two published frames are the encrypted
/// example vectors of the SIADC09Debugger suite, with its 128-bit key.
/// </summary>
public sealed class Dc09EncryptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 23, 14, 5, TimeSpan.Zero);
    private static readonly byte[] PublishedKey = Convert.FromHexString("ABCDABCDABCDABCDABCDABCDABCDABCD");

    public static TheoryData<int> KeyLengths => [16, 24, 32];

    private static byte[] Key(int length, int seed)
    {
        var key = new byte[length];
        new Random(seed).NextBytes(key);
        return key;
    }

    [Fact]
    public void A_published_encrypted_event_decrypts_to_its_data_and_time()
    {
        var read = Read(Bytes("\nE88800a7\"*SIA-DCS\"0000RC0FFDL1234#080027E62A64"
            + "[A054F111518361720BAB126501C6D994CD9151D2C84881C0FEA933A0790F49A9"
            + "236EBD45F2AED32FAA252EB1AA18FC3CDEDE2452F33185E5931D31308D9B9882\r"));
        Assert.True(read.Encrypted);
        Assert.Equal("SIA-DCS", read.Id);
        Assert.Null(read.Data);
        Assert.Null(read.Timestamp);

        var plain = read.Decrypt(PublishedKey);
        Assert.Equal("#080027E62A64|NHB0003", plain.Data);
        Assert.Equal("[E115000]", plain.Extended);
        Assert.Equal(new DateTimeOffset(2015, 6, 22, 15, 12, 40, TimeSpan.Zero), plain.Timestamp);
        Assert.True(plain.Encrypted);
        Assert.Equal(("0000", "C0FFD", "1234", "080027E62A64"), (plain.Sequence, plain.Receiver, plain.Prefix, plain.Account));
        Assert.Same(plain, plain.Decrypt(PublishedKey));
    }

    [Fact]
    public void A_published_encrypted_ack_decrypts_to_empty_data()
    {
        var ack = Read(Bytes("\nE34C0062\"*ACK\"0001R5678L1234#080027E62A64"
            + "[14F088FF5DCB19D1908069507EAB97C7CDB20F1C6EFA550BB59864D54B2DFA1C\r")).Decrypt(PublishedKey);
        Assert.Equal(("ACK", "", new DateTimeOffset(2015, 4, 14, 16, 8, 12, TimeSpan.Zero)), (ack.Id, ack.Data, ack.Timestamp!.Value));
    }

    [Theory]
    [MemberData(nameof(KeyLengths))]
    public void Each_message_type_round_trips_encrypted(int keyLength)
    {
        var key = Key(keyLength, keyLength);
        foreach (var (id, data, extended) in new[]
        {
            ("SIA-DCS", "#1234|Nri1/BA01", (string?)null),
            ("SIA-DCS", "#1234|Nri1/BA01^Entre hall^/FA02", "[X018E02][Y59E33]"),
            ("ADM-CID", "#1234|1130 01 015", null),
            ("NULL", "", null),
        })
        {
            var frame = Dc09Codec.Build(id, "0007", "AB", "1", "1234", data, extended, Now, key);
            var wire = Text(frame);
            Assert.Contains("\"*" + id + "\"0007RABL1#1234[", wire, StringComparison.Ordinal);
            Assert.DoesNotContain(data.Length > 0 ? data : "]", wire[(wire.IndexOf('[', StringComparison.Ordinal) + 1)..], StringComparison.Ordinal);
            Assert.Matches("^\\[([0-9A-F]{32})+\r$", wire[wire.IndexOf('[', StringComparison.Ordinal)..]);

            var read = Read(frame);
            Assert.Equal(new Dc09Frame(id, true, "0007", "AB", "1", "1234", null, null, null, read.CipherHex), read);
            Assert.Equal(new Dc09Frame(id, true, "0007", "AB", "1", "1234", data, extended, Now, read.CipherHex), read.Decrypt(key));
        }
    }

    [Fact]
    public void Every_length_of_data_pads_to_whole_blocks_and_the_pad_differs_each_time()
    {
        var key = Key(16, 1);
        for (var length = 0; length <= 40; length++)
        {
            var data = new string('7', length);
            var read = Read(Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", data, Now, key));
            Assert.Equal(0, read.CipherHex!.Length % 32);
            Assert.Equal(data, read.Decrypt(key).Data);
        }
        var first = Read(Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", "#1234|NBA01", Now, key)).CipherHex;
        var second = Read(Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", "#1234|NBA01", Now, key)).CipherHex;
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void The_wrong_key_never_yields_data()
    {
        var frame = Read(Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", "#1234|Nri1/BA01", Now, Key(16, 1)));
        for (var seed = 2; seed < 500; seed++)
        {
            var wrong = Key(16 + (8 * (seed % 3)), seed);
            Assert.Throws<Dc09Exception>(() => frame.Decrypt(wrong));
        }
        Assert.Throws<Dc09Exception>(() => frame.Decrypt([]));
        Assert.Throws<Dc09Exception>(() => frame.Decrypt(new byte[15]));
        Assert.Throws<Dc09Exception>(() => Read(Bytes("\nE88800a7\"*SIA-DCS\"0000RC0FFDL1234#080027E62A64"
            + "[A054F111518361720BAB126501C6D994CD9151D2C84881C0FEA933A0790F49A9"
            + "236EBD45F2AED32FAA252EB1AA18FC3CDEDE2452F33185E5931D31308D9B9882\r"))
            .Decrypt(Convert.FromHexString("ABCDABCDABCDABCDABCDABCDABCDABCE")));
    }

    [Fact]
    public void A_changed_cipher_text_or_a_plain_text_without_timestamp_is_refused()
    {
        var key = Key(32, 3);
        var read = Read(Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", "#1234|Nri1/BA01", Now, key));
        var hex = read.CipherHex!;
        var changed = read with { CipherHex = hex[..^1] + (hex[^1] == '0' ? '1' : '0') };
        Assert.Throws<Dc09Exception>(() => changed.Decrypt(key));
        Assert.Throws<Dc09Exception>(() => (read with { CipherHex = hex[..32] }).Decrypt(key));
        Assert.Throws<Dc09Exception>(() => (read with { CipherHex = "" }).Decrypt(key));

        // Encrypted by hand as the standard says, but without the mandatory timestamp.
        using var aes = Aes.Create();
        aes.Key = key;
        var untimed = Convert.ToHexString(aes.EncryptCbc("abc|#1234|NBA01]"u8, new byte[16], PaddingMode.None));
        Assert.Throws<Dc09Exception>(() => (read with { CipherHex = untimed }).Decrypt(key));
    }

    [Fact]
    public void A_pad_ended_by_the_datas_bracket_is_read_as_well()
    {
        var key = Key(16, 4);
        using var aes = Aes.Create();
        aes.Key = key;
        var plain = Encoding.ASCII.GetBytes("xyz[#1234|NBA01]_23:14:05,12-06-2026"); // 3 + 33 = 36: pad to 48
        var padded = Encoding.ASCII.GetBytes(new string('q', 12)).Concat(plain).ToArray();
        var hex = Convert.ToHexString(aes.EncryptCbc(padded, new byte[16], PaddingMode.None));
        var read = Read(Wrap("\"*SIA-DCS\"0001L0#1234[" + hex)).Decrypt(key);
        Assert.Equal(("#1234|NBA01", Now), (read.Data, read.Timestamp!.Value));
    }

    [Theory]
    [MemberData(nameof(KeyLengths))]
    public void Ack_and_duh_to_an_encrypted_frame_are_encrypted_with_the_key(int keyLength)
    {
        var key = Key(keyLength, 10 + keyLength);
        var message = Read(Dc09Codec.Build("ADM-CID", "0311", "5678", "1234", "080027E62A64", "#080027E62A64|1130 01 015", Now, key));

        var ack = Read(Dc09Codec.Ack(message, key, Now.AddSeconds(1)));
        Assert.StartsWith("\n", Text(Dc09Codec.Ack(message, key, Now)), StringComparison.Ordinal);
        Assert.Contains("\"*ACK\"0311R5678L1234#080027E62A64[", Text(Dc09Codec.Ack(message, key, Now)), StringComparison.Ordinal);
        Assert.True(ack.Encrypted);
        Assert.Equal(new Dc09Frame("ACK", true, "0311", "5678", "1234", "080027E62A64", "", null, Now.AddSeconds(1), ack.CipherHex), ack.Decrypt(key));
        Assert.Throws<Dc09Exception>(() => ack.Decrypt(Key(keyLength, 99)));

        var duh = Read(Dc09Codec.Duh(message, key, Now));
        Assert.Equal(("DUH", true, "", (DateTimeOffset?)Now), (duh.Id, duh.Encrypted, duh.Decrypt(key).Data, duh.Decrypt(key).Timestamp));
        Assert.False(Read(Dc09Codec.Duh(message, [], Now)).Encrypted);
    }

    [Fact]
    public void An_encrypted_frame_needs_a_timestamp_and_a_key_of_a_standard_length()
    {
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", "#1234|NBA01", null, Key(16, 1)));
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", "#1234|NBA01", Now, Key(20, 1)));
    }
}
