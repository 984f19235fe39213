namespace Lagesbild.Core.Alarms.Dc09;

/// <summary>
/// The CRC-16 of SIA DC-09 (the "ARC" CRC: polynomial 0x8005 reflected to 0xA001, initial value 0, no final
/// xor), taken over the frame's text from the first quote to just before the CR.
/// </summary>
public static class Dc09Crc
{
    private static readonly ushort[] Table = BuildTable();

    public static ushort Compute(ReadOnlySpan<byte> text)
    {
        ushort crc = 0;
        foreach (var b in text)
        {
            crc = (ushort)((crc >> 8) ^ Table[(crc ^ b) & 0xFF]);
        }
        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
            }
            table[i] = crc;
        }
        return table;
    }
}
