using CsCheck;
using Lagesbild.Core.Alarms.Dc09;

namespace Lagesbild.Core.Tests.Alarms.Dc09;

/// <summary>The events in SIA-DCS and Contact ID data, as real panels write them and as nobody should.</summary>
public sealed class PanelEventTests
{
    [Theory]
    [InlineData("#1234|Nri1/BA01", "BA", PanelEventKind.Burglary, false, 1, 1)]
    [InlineData("Nri01/BA001^Entre hall^", "BA", PanelEventKind.Burglary, false, 1, 1)]
    [InlineData("#1234|Nri2/BR003", "BR", PanelEventKind.Burglary, true, 2, 3)]
    [InlineData("#1234|NBH12", "BH", PanelEventKind.Burglary, true, null, 12)]
    [InlineData("#1234|Nri1/FA05", "FA", PanelEventKind.Fire, false, 1, 5)]
    [InlineData("#1234|Nri1/FR05", "FR", PanelEventKind.Fire, true, 1, 5)]
    [InlineData("#1234|NPA01", "PA", PanelEventKind.Panic, false, null, 1)]
    [InlineData("#1234|NHA01", "HA", PanelEventKind.Panic, false, null, 1)]
    [InlineData("#1234|NPR01", "PR", PanelEventKind.Panic, true, null, 1)]
    [InlineData("#1234|NMA02", "MA", PanelEventKind.Medical, false, null, 2)]
    [InlineData("#1234|NTA07", "TA", PanelEventKind.Tamper, false, null, 7)]
    [InlineData("#1234|NTR07", "TR", PanelEventKind.Tamper, true, null, 7)]
    [InlineData("#1234|NYT", "YT", PanelEventKind.Trouble, false, null, null)]
    [InlineData("#1234|NYR", "YR", PanelEventKind.Trouble, true, null, null)]
    [InlineData("#1234|NAT", "AT", PanelEventKind.Trouble, false, null, null)]
    [InlineData("#1234|NAR", "AR", PanelEventKind.Trouble, true, null, null)]
    [InlineData("#1234|NBT04", "BT", PanelEventKind.Trouble, false, null, 4)]
    [InlineData("#1234|NBJ04", "BJ", PanelEventKind.Trouble, true, null, 4)]
    [InlineData("#1234|Nri1/id0007/pm03/CL001", "CL", PanelEventKind.Arming, false, 1, 1)]
    [InlineData("#1234|NOP0007", "OP", PanelEventKind.Disarming, false, null, 7)]
    [InlineData("#0123|Nti20:50:26RP99", "RP", PanelEventKind.Test, false, null, 99)]
    [InlineData("#1234|NRX", "RX", PanelEventKind.Test, false, null, null)]
    [InlineData("#1234|NTX1", "TX", PanelEventKind.Test, false, null, 1)]
    [InlineData("#1234|NBB01", "BB", PanelEventKind.Other, false, null, 1)] // a bypass is not an alarm
    [InlineData("#080027E62A64|NHB0003", "HB", PanelEventKind.Other, false, null, 3)]
    [InlineData("#1234|NGR02", "GR", PanelEventKind.Other, true, null, 2)]
    [InlineData("#1234|NRR|Atest", "RR", PanelEventKind.Other, false, null, null)]
    [InlineData("#7878|Nri01^TOTAL^/LX901^centrale d'alarme JA-106K(R)^", "LX", PanelEventKind.Other, false, 1, 901)]
    public void A_sia_event_reads_as_its_kind(string data, string code, PanelEventKind kind, bool restore, int? group, int? zone) =>
        Assert.Equal([new PanelEvent(code, kind, restore, group, zone)], SiaDcs.Parse(data));

    [Fact]
    public void Several_events_keep_their_order_and_area()
    {
        Assert.Equal(
        [
            new PanelEvent("BA", PanelEventKind.Burglary, false, 1, 1),
            new PanelEvent("BA", PanelEventKind.Burglary, false, 1, 2),
            new PanelEvent("TA", PanelEventKind.Tamper, false, 2, 9),
            new PanelEvent("BR", PanelEventKind.Burglary, true, 2, 1),
        ], SiaDcs.Parse("#1234|Nri1/BA01^Hall^/BA02/ri2TA09/BR01"));
        Assert.Equal(2, SiaDcs.Parse("NBA01BA02").Count);
        Assert.Equal(
        [
            new PanelEvent("BA", PanelEventKind.Burglary, false, 1, 1),
            new PanelEvent("BA", PanelEventKind.Burglary, false, 2, 2),
            new PanelEvent("NT", PanelEventKind.Trouble, false, 2, 1),
            new PanelEvent("NR", PanelEventKind.Trouble, true, 2, 1),
        ], SiaDcs.Parse("#1234|Nri1/BA01/Nri2/NBA02/NNT01/NR01")); // the new-event N repeated per block
        Assert.Equal(
        [
            new PanelEvent("BA", PanelEventKind.Burglary, false, null, 1),
            new PanelEvent("FA", PanelEventKind.Fire, false, null, 2),
        ], SiaDcs.Parse("#1234|NBA01^Hall/kök|1^/FA02^A|B^|Afree text/BA03"));
        Assert.Equal(32, SiaDcs.Parse("#1234|N" + string.Join('/', Enumerable.Range(1, 100).Select(i => $"BA{i}"))).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("#1234")]
    [InlineData("#1234|")]
    [InlineData("#1234|N")]
    [InlineData("<script>alert('BA01')</script>")]
    [InlineData("#1234|N<script>alert(1)</script>")]
    [InlineData("#1234|N'; DROP TABLE alarms; --")]
    [InlineData("#1234|NBA01; DROP TABLE alarms")]
    [InlineData("#1234|N1 OR 1=1")]
    [InlineData("#1234|NBA01^unclosed text")]
    [InlineData("#1234|NBA1234567")]
    [InlineData("#1234|NBAA")]
    [InlineData("Robert'); DROP TABLE Students;--")]
    public void Garbage_reads_as_no_events(string data) => Assert.Empty(SiaDcs.Parse(data));

    [Fact]
    public void A_bad_block_is_skipped_and_the_good_ones_kept()
    {
        Assert.Equal([new PanelEvent("FA", PanelEventKind.Fire, false, null, 3)], SiaDcs.Parse("#1234|N<b>x</b>/FA03"));
        Assert.Equal([new PanelEvent("BA", PanelEventKind.Burglary, false, null, 1)], SiaDcs.Parse("#1234|Nri/BA01")); // an area without a number
    }

    [Fact]
    public void Long_and_random_text_never_throws()
    {
        Assert.Empty(SiaDcs.Parse("#1234|N" + new string('B', 10_000)));
        Assert.Empty(SiaDcs.Parse(new string('/', 10_000)));
        Assert.Null(ContactId.Parse("#1234|" + new string('1', 10_000)));
        Gen.String.Sample(text =>
        {
            Assert.NotNull(SiaDcs.Parse(text));
            ContactId.Parse(text);
        });
        Gen.String[Gen.Char["NBAFRT0123456789ri/^| #"], 0, 60].Sample(text =>
        {
            foreach (var e in SiaDcs.Parse(text))
            {
                Assert.Equal(2, e.Code.Length);
            }
        });
    }

    [Theory]
    [InlineData("#1234|1130 01 015", "130", PanelEventKind.Burglary, false, 1, 15)]
    [InlineData("#1234|3130 01 015", "130", PanelEventKind.Burglary, true, 1, 15)]
    [InlineData("#1234|6130 01 015", "130", PanelEventKind.Burglary, false, 1, 15)]
    [InlineData("#7099|1131 01 003", "131", PanelEventKind.Burglary, false, 1, 3)]
    [InlineData("1134 02 004", "134", PanelEventKind.Burglary, false, 2, 4)]
    [InlineData("#1234|113001015", "130", PanelEventKind.Burglary, false, 1, 15)]
    [InlineData("#1234|1100 00 001", "100", PanelEventKind.Medical, false, 0, 1)]
    [InlineData("#1234|1110 00 002", "110", PanelEventKind.Fire, false, 0, 2)]
    [InlineData("#1234|3118 00 002", "118", PanelEventKind.Fire, true, 0, 2)]
    [InlineData("#1234|1120 00 003", "120", PanelEventKind.Panic, false, 0, 3)]
    [InlineData("#1234|1121 00 003", "121", PanelEventKind.Panic, false, 0, 3)]
    [InlineData("#1234|1137 01 009", "137", PanelEventKind.Tamper, false, 1, 9)]
    [InlineData("#1234|1144 01 009", "144", PanelEventKind.Tamper, false, 1, 9)]
    [InlineData("#1234|3145 01 009", "145", PanelEventKind.Tamper, true, 1, 9)]
    [InlineData("#1234|1301 00 000", "301", PanelEventKind.Trouble, false, 0, 0)]
    [InlineData("#1234|3301 00 000", "301", PanelEventKind.Trouble, true, 0, 0)]
    [InlineData("#1234|1401 01 007", "401", PanelEventKind.Disarming, false, 1, 7)] // opening by user 7
    [InlineData("#1234|3401 01 007", "401", PanelEventKind.Arming, false, 1, 7)] // closing by user 7
    [InlineData("#1234|1602 00 000", "602", PanelEventKind.Test, false, 0, 0)]
    [InlineData("#7099|1628 01 000", "628", PanelEventKind.Other, false, 1, 0)]
    [InlineData("#1234|1151 00 001", "151", PanelEventKind.Other, false, 0, 1)]
    public void A_contact_id_event_reads_as_its_kind(string data, string code, PanelEventKind kind, bool restore, int group, int zone) =>
        Assert.Equal(new PanelEvent(code, kind, restore, group, zone), ContactId.Parse(data));

    [Theory]
    [InlineData("")]
    [InlineData("#1234")]
    [InlineData("#1234|")]
    [InlineData("#1234|2130 01 015")] // no such qualifier
    [InlineData("#1234|1130 01 01")]
    [InlineData("#1234|1130 01 0155")]
    [InlineData("#1234|1130 0A 015")]
    [InlineData("#1234|E130 01 015")]
    [InlineData("#1234|<script>alert(1)</script>")]
    [InlineData("#1234|1130 01 015; DROP TABLE alarms")]
    public void Contact_id_garbage_is_null(string data) => Assert.Null(ContactId.Parse(data));
}
