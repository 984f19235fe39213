using System.Text;
using CsCheck;
using Lagesbild.Core.Alarms.Dc09;
using static Lagesbild.Core.Tests.Alarms.Dc09.Dc09Wire;

namespace Lagesbild.Core.Tests.Alarms.Dc09;

/// <summary>
/// Plain DC-09 frames: CRC, header, data, answers. The published frames are the example vectors of two public
/// DC-09 tools (fioletoven/dc09 and the SIADC09Debugger suite), captured from panels and receivers.
/// </summary>
public sealed class Dc09CodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 23, 14, 5, TimeSpan.Zero);

    [Fact]
    public void The_crc_is_crc16_arc_with_its_catalogue_check_value()
    {
        Assert.Equal(0xBB3D, Dc09Crc.Compute("123456789"u8));
        Assert.Equal(0, Dc09Crc.Compute([]));
    }

    [Theory]
    [InlineData("\n96ED0016\"SIA-DCS\"0001L0#1234[]\r")]
    [InlineData("\nF4D20029\"SIA-DCS\"0001RF3L77#1234[#1234|NRR|Atest]\r")]
    [InlineData("\n68AF0025\"SIA-DCS\"0001L0#1234[#1234|Nri1/BA12]\r")]
    [InlineData("\n7C37006b\"SIA-DCS\"0000RC0FFDL1234#080027E62A64[#080027E62A64|NHB0003][X115000][X115000][X115000]_13:53:11,06-22-2015\r")]
    [InlineData("\nB0AC0027\"ADM-CID\"0001L0#7099[#7099|1628 01 000]\r")]
    [InlineData("\nA18D0027\"ADM-CID\"0001L0#7099[#7099|1131 01 003]\r")]
    [InlineData("\n1D85002B\"NULL\"0001L0#00653210[]_09:17:32,05-18-2016\r")]
    [InlineData("\n2729002e\"ACK\"0001L0#080027E62A64[]_16:07:07,04-14-2015\r")]
    [InlineData("\n3C830025\"NAK\"0000R0L0A0[]_16:09:09,04-14-2015\r")]
    [InlineData("\nE4410025\"NAK\"0000R0L0A0[]_16:20:01,09-24-2025\r")]
    public void Published_frames_pass_their_crc_and_length(string wire)
    {
        var frame = Bytes(wire);
        Read(frame);
        Assert.Equal(Convert.ToUInt16(wire[1..5], 16), Dc09Crc.Compute(frame.AsSpan(9, frame.Length - 10)));
    }

    [Fact]
    public void A_frame_reads_into_its_fields()
    {
        var read = Read(Bytes("\n7C37006b\"SIA-DCS\"0000RC0FFDL1234#080027E62A64[#080027E62A64|NHB0003][X115000][X115000][X115000]_13:53:11,06-22-2015\r"));

        Assert.Equal(new Dc09Frame("SIA-DCS", false, "0000", "C0FFD", "1234", "080027E62A64", "#080027E62A64|NHB0003",
            "[X115000][X115000][X115000]", new DateTimeOffset(2015, 6, 22, 13, 53, 11, TimeSpan.Zero), null), read);

        var cid = Read(Bytes("\nB0AC0027\"ADM-CID\"0001L0#7099[#7099|1628 01 000]\r"));
        Assert.Equal(("ADM-CID", "0001", (string?)null, "0", "7099", "#7099|1628 01 000", (DateTimeOffset?)null),
            (cid.Id, cid.Sequence, cid.Receiver, cid.Prefix, cid.Account, cid.Data, cid.Timestamp));

        var supervision = Read(Bytes("\n1D85002B\"NULL\"0001L0#00653210[]_09:17:32,05-18-2016\r"));
        Assert.True(supervision.IsSupervision);
        Assert.Equal("", supervision.Data);
        Assert.Null(supervision.Extended);
    }

    [Theory]
    [InlineData("SIA-DCS", "#1234|Nri1/BA01", null)]
    [InlineData("SIA-DCS", "#1234|Nri1/BA01^Entre hall^/BA02", "[X018E02][Y59E33]")]
    [InlineData("ADM-CID", "#1234|1130 01 015", null)]
    [InlineData("NULL", "", null)]
    public void Build_and_read_round_trip(string id, string data, string? extended)
    {
        foreach (var (receiver, prefix) in new[] { ((string?)null, "0"), ("12AB", "7"), (null, "") })
        {
            var frame = Dc09Codec.Build(id, "0042", receiver, prefix, "1234", data, extended, Now, []);
            Assert.Equal(new Dc09Frame(id, false, "0042", receiver, prefix, "1234", data, extended, Now, null), Read(frame));
        }
        var untimed = Read(Dc09Codec.Build(id, "9999", null, "0", "ABC", data, "", null, []));
        Assert.Null(untimed.Timestamp);
        Assert.Null(untimed.Extended);
        Assert.Equal(data, untimed.Data);
    }

    [Fact]
    public void The_written_frame_is_the_standards_shape()
    {
        var frame = Text(Dc09Codec.Build("SIA-DCS", "0001", "F3", "77", "1234", "#1234|NRR|Atest", null, []));
        Assert.Equal("\nF4D20029\"SIA-DCS\"0001RF3L77#1234[#1234|NRR|Atest]\r", frame);
    }

    [Fact]
    public void Build_refuses_fields_the_standard_does_not_allow()
    {
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("sia-dcs", "0001", null, "0", "1234", "", Now, []));
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("SIA-DCS", "1", null, "0", "1234", "", Now, []));
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("SIA-DCS", "0001", "1234567", "0", "1234", "", Now, []));
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("SIA-DCS", "0001", null, "G", "1234", "", Now, []));
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("SIA-DCS", "0001", null, "0", "12", "", Now, []));
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("SIA-DCS", "0001", null, "0", new string('1', 17), "", Now, []));
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", "a]b", Now, []));
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", "åäö", Now, []));
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", "", "X1", Now, []));
        Assert.Throws<ArgumentException>(() => Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", new string('x', 1100), Now, []));
    }

    [Fact]
    public void A_wrong_crc_or_length_is_refused()
    {
        var good = Text(Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", "#1234|Nri1/BA01", Now, []));
        Assert.Contains("CRC", Refusal(Bytes(good[..1] + (good[1] == '0' ? '1' : '0') + good[2..])), StringComparison.Ordinal);
        Assert.Contains("CRC", Refusal(Bytes(good.Replace("BA01", "BA02", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.Contains("length", Refusal(Bytes(good[..5] + "0099" + good[9..])), StringComparison.Ordinal);
        Assert.Contains("length", Refusal(Bytes(good.Replace("BA01", "BA011", StringComparison.Ordinal))), StringComparison.Ordinal);
        Refusal(Bytes(good[..5] + "00zz" + good[9..]));
    }

    [Fact]
    public void A_frame_without_lf_or_cr_or_outside_ascii_is_refused()
    {
        var good = Text(Dc09Codec.Build("SIA-DCS", "0001", null, "0", "1234", "#1234|Nri1/BA01", Now, []));
        Assert.Contains("LF", Refusal(Bytes(good[1..])), StringComparison.Ordinal);
        Assert.Contains("CR", Refusal(Bytes(good[..^1])), StringComparison.Ordinal);
        Assert.Contains("CR", Refusal(Bytes(good[..^1] + "\n")), StringComparison.Ordinal);
        Refusal([]);
        Refusal(Bytes("\n\r"));

        var latin = Encoding.Latin1.GetBytes(good.Replace("BA01", "BAå1", StringComparison.Ordinal));
        Assert.Contains("ASCII", Refusal(latin), StringComparison.Ordinal);
        Assert.Contains("ASCII", Refusal(Encoding.UTF8.GetBytes(good.Replace("BA01", "Bå1", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.Contains("ASCII", Refusal(Bytes(good.Replace("BA01", "B\t01", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_is_refused_without_a_throw()
    {
        var random = new Random(20);
        var garbage = new byte[64 * 1024];
        random.NextBytes(garbage);
        Assert.Contains("longer", Refusal(garbage), StringComparison.Ordinal);
        garbage[0] = 0x0A;
        garbage[^1] = 0x0D;
        Refusal(garbage);
        Refusal(garbage.AsSpan(0, Dc09Codec.MaxFrameBytes).ToArray().Select((b, i) => i == 0 ? (byte)0x0A : i == Dc09Codec.MaxFrameBytes - 1 ? (byte)0x0D : b).ToArray());

        Gen.Byte.Array[0, 300].Sample(bytes => { Dc09Codec.TryRead(bytes, out _, out _); });
        Gen.String[Gen.Char['\x20', '\x7e'], 0, 200].Sample(text =>
        {
            // Right CRC and length around printable nonsense: the header rules refuse it, never an exception.
            if (Dc09Codec.TryRead(Wrap(text), out var read, out _))
            {
                Assert.NotNull(read);
            }
        });
    }

    [Theory]
    [InlineData("\"SIA-DCS\"0001L0#12345678901234567[]", "account")] // 17 digits
    [InlineData("\"SIA-DCS\"0001L0#12[]", "account")]
    [InlineData("\"SIA-DCS\"0001L0#1234G[]", "data block")]
    [InlineData("\"SIA-DCS\"0001L0[]", "account")]
    [InlineData("\"SIA-DCS\"0001R0L0A0[]", "account")] // only a NAK writes its account as A0
    [InlineData("\"SIA-DCS\"0001L1234567#1234[]", "prefix")]
    [InlineData("\"SIA-DCS\"0001R1234567L0#1234[]", "receiver")]
    [InlineData("\"SIA-DCS\"001L0#1234[]", "sequence")]
    [InlineData("\"SIA-DCS\"00A1L0#1234[]", "sequence")]
    [InlineData("\"sia<script>\"0001L0#1234[]", "type")]
    [InlineData("\"\"0001L0#1234[]", "type")]
    [InlineData("\"SIA-DCS0001L0#1234[]", "header")]
    [InlineData("SIA-DCS\"0001L0#1234[]", "header")]
    [InlineData("\"SIA-DCS\"0001L0#1234", "data block")]
    [InlineData("\"SIA-DCS\"0001L0#1234[#1234|Nri1/BA01", "not closed")]
    [InlineData("\"SIA-DCS\"0001L0#1234[#1234|N[ri1/BA01]", "'['")]
    [InlineData("\"SIA-DCS\"0001L0#1234[]_23:14:05,13-06-2026", "timestamp")]
    [InlineData("\"SIA-DCS\"0001L0#1234[]_23:14:05,12-06-26", "timestamp")]
    [InlineData("\"SIA-DCS\"0001L0#1234[]23:14:05,12-06-2026", "timestamp")]
    [InlineData("\"SIA-DCS\"0001L0#1234[][X1", "extended")]
    [InlineData("\"*SIA-DCS\"0001L0#1234[0011", "encrypted")]
    [InlineData("\"*SIA-DCS\"0001L0#1234[00112233445566778899AABBCCDDEEZZ", "encrypted")]
    public void A_malformed_header_or_data_is_refused(string text, string why) =>
        Assert.Contains(why, Refusal(Wrap(text)), StringComparison.Ordinal);

    [Fact]
    public void The_window_runs_from_twenty_seconds_before_to_forty_after_the_receivers_clock()
    {
        Assert.True(Dc09Codec.InWindow(null, Now));
        Assert.True(Dc09Codec.InWindow(Now, Now));
        Assert.True(Dc09Codec.InWindow(Now.AddSeconds(-20), Now));
        Assert.False(Dc09Codec.InWindow(Now.AddSeconds(-20).AddMilliseconds(-1), Now));
        Assert.False(Dc09Codec.InWindow(Now.AddSeconds(-21), Now));
        Assert.True(Dc09Codec.InWindow(Now.AddSeconds(40), Now));
        Assert.False(Dc09Codec.InWindow(Now.AddSeconds(40).AddMilliseconds(1), Now));
        Assert.False(Dc09Codec.InWindow(Now.AddSeconds(41), Now));
        Assert.False(Dc09Codec.InWindow(Now.AddDays(-1), Now));
    }

    [Fact]
    public void An_ack_echoes_sequence_receiver_prefix_and_account_with_the_receivers_time()
    {
        var message = Read(Bytes("\n7ea80059\"SIA-DCS\"0000Rc0ffdL1234#080027E62A64[#080027E62A64|NHB0003][E115000]_09:00:13,06-23-2015\r"));
        var ack = Dc09Codec.Ack(message, [], new DateTimeOffset(2015, 6, 22, 12, 10, 40, TimeSpan.Zero));
        Assert.Equal("\n01FC0037\"ACK\"0000Rc0ffdL1234#080027E62A64[]_12:10:40,06-22-2015\r", Text(ack));

        var noReceiver = Read(Bytes("\n68AF0025\"SIA-DCS\"0001L0#1234[#1234|Nri1/BA12]\r"));
        var at = new DateTimeOffset(2026, 12, 6, 23, 14, 5, 870, TimeSpan.FromHours(1)); // Stockholm time, with milliseconds
        var read = Read(Dc09Codec.Ack(noReceiver, [], at));
        Assert.Equal(new Dc09Frame("ACK", false, "0001", null, "0", "1234", "", null,
            new DateTimeOffset(2026, 12, 6, 22, 14, 5, TimeSpan.Zero), null), read);
    }

    [Fact]
    public void A_nak_carries_only_the_receivers_time()
    {
        var nak = Dc09Codec.Nak(new DateTimeOffset(2015, 4, 14, 16, 9, 9, TimeSpan.Zero));
        Assert.Equal("\n3C830025\"NAK\"0000R0L0A0[]_16:09:09,04-14-2015\r", Text(nak));

        var read = Read(Dc09Codec.Nak(Now));
        Assert.Equal(new Dc09Frame("NAK", false, "0000", "0", "0", "0", "", null, Now, null), read);
    }

    [Fact]
    public void A_duh_is_shaped_like_an_ack()
    {
        var message = Read(Bytes("\n68AF0025\"SIA-DCS\"0001L0#1234[#1234|Nri1/BA12]\r"));
        var duh = Text(Dc09Codec.Duh(message, [], Now));
        Assert.StartsWith("\n", duh, StringComparison.Ordinal);
        Assert.Contains("\"DUH\"0001L0#1234[]_23:14:05,12-06-2026\r", duh, StringComparison.Ordinal);
        Assert.Equal(new Dc09Frame("DUH", false, "0001", null, "0", "1234", "", null, Now, null), Read(Bytes(duh)));
    }
}
