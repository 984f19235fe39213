using System.Globalization;
using System.Text;
using Lagesbild.Core.Alarms.Dc09;

namespace Lagesbild.Core.Tests.Alarms.Dc09;

/// <summary>Frames written by hand for the tests: the text between the quotes and the CR, wrapped correctly.</summary>
internal static class Dc09Wire
{
    public static byte[] Bytes(string wire) => Encoding.ASCII.GetBytes(wire);

    public static string Text(byte[] frame) => Encoding.ASCII.GetString(frame);

    /// <summary>A frame around a text with the right CRC and length, so that a test reaches the rule it is about.</summary>
    public static byte[] Wrap(string text)
    {
        var body = Encoding.ASCII.GetBytes(text);
        var crc = Dc09Crc.Compute(body).ToString("X4", CultureInfo.InvariantCulture);
        return Bytes("\n" + crc + body.Length.ToString("X4", CultureInfo.InvariantCulture) + text + "\r");
    }

    public static Dc09Frame Read(byte[] frame)
    {
        Assert.True(Dc09Codec.TryRead(frame, out var read, out var reason), reason);
        Assert.Null(reason);
        return read!;
    }

    public static string Refusal(byte[] frame)
    {
        Assert.False(Dc09Codec.TryRead(frame, out var read, out var reason));
        Assert.Null(read);
        Assert.False(string.IsNullOrEmpty(reason));
        return reason!;
    }
}
