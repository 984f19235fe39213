using System.Net;
using System.Net.Http.Headers;
using ImageMagick;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Rounds;

public abstract class PhotoTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private async Task<(long RoundId, long FindingId)> FindingAsync()
    {
        var place = Places.Next();
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync());
        app.Clock.AdjustTime(new DateTimeOffset(2026, 11, 29, 20, 0, 0, TimeSpan.Zero));
        using var staff = app.ClientFor(Role.SchoolStaff);
        var roundId = (await staff.RoundOfAsync(site.Id(), "2026-11-30"))!.Value.GetProperty("id").GetInt64();
        app.Clock.AdjustTime(new DateTimeOffset(2026, 11, 30, 4, 40, 0, TimeSpan.Zero));
        using var response = await staff.PostFindingAsync(roundId, new { category = "Syringes", count = 1, lat = place.Lat, lon = place.Lon, removedSafely = true });
        return (roundId, (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64());
    }

    /// <summary>A phone's photo: large, with the position of the phone and its make in the EXIF.</summary>
    private static byte[] PhoneJpeg()
    {
        using var image = new MagickImage(MagickColors.SandyBrown, 2400, 1800);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "Telefonmärke");
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(59, 1), new Rational(23, 1), new Rational(1234, 100)]);
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(17, 1), new Rational(54, 1), new Rational(5678, 100)]);
        image.SetProfile(exif);
        image.Format = MagickFormat.Jpeg;
        return image.ToByteArray();
    }

    private static ByteArrayContent Image(byte[] bytes, string type = "image/jpeg")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    [Fact]
    public async Task A_photo_is_stored_smaller_and_without_its_position_or_any_metadata()
    {
        var (roundId, findingId) = await FindingAsync();
        using var staff = app.ClientFor(Role.SchoolStaff);
        var original = PhoneJpeg();
        using (var check = new MagickImage(original))
            Assert.NotNull(check.GetExifProfile()); // the test's photo does carry a position

        using var put = await staff.PutAsync($"/api/rounds/{roundId}/findings/{findingId}/photo", Image(original));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var stored = await staff.GetByteArrayAsync($"/api/rounds/{roundId}/findings/{findingId}/photo");
        var round = await staff.GetJsonAsync($"/api/rounds/{roundId}");

        using var image = new MagickImage(stored);
        Assert.Equal(MagickFormat.Jpeg, image.Format);
        Assert.Null(image.GetExifProfile());
        Assert.Null(image.GetXmpProfile());
        Assert.Equal(1600u, Math.Max(image.Width, image.Height));
        Assert.True(round.GetProperty("findings")[0].GetProperty("hasPhoto").GetBoolean());
    }

    [Fact]
    public async Task What_is_not_an_image_or_is_too_large_is_refused()
    {
        var (roundId, findingId) = await FindingAsync();
        using var staff = app.ClientFor(Role.SchoolStaff);
        var url = $"/api/rounds/{roundId}/findings/{findingId}/photo";

        await (await staff.PutAsync(url, Image("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"u8.ToArray(), "image/svg+xml")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "photo");
        var pdf = await (await staff.PutAsync(url, Image("%PDF-1.4 not a photo"u8.ToArray()))).ExpectProblemAsync(HttpStatusCode.BadRequest, "photo");
        // The refusal's code, which the caretaker's phone says in her language.
        Assert.Equal("PhotoFormat", pdf.GetProperty("codes").GetProperty("photo").GetString());
        // JPEG's first bytes followed by nothing that decodes.
        await (await staff.PutAsync(url, Image([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4]))).ExpectProblemAsync(HttpStatusCode.BadRequest, "photo");
        using var huge = await staff.PutAsync(url, Image(new byte[11 * 1024 * 1024]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_small_file_that_declares_an_enormous_image_is_refused_before_it_is_decoded()
    {
        var (roundId, findingId) = await FindingAsync();
        using var staff = app.ClientFor(Role.SchoolStaff);

        using var response = await staff.PutAsync($"/api/rounds/{roundId}/findings/{findingId}/photo", Image(PngHeader(30_000, 30_000)));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "photo");
    }

    [Theory]
    [InlineData(10_000, 6_000, "megapixels")]
    [InlineData(13_000, 100, "wider or taller")]
    public async Task An_image_bomb_a_small_file_of_a_huge_image_is_refused_from_its_header(int width, int height, string reason)
    {
        var (roundId, findingId) = await FindingAsync();
        using var staff = app.ClientFor(Role.SchoolStaff);
        var bomb = PngBomb(width, height);
        Assert.True(bomb.Length < 100_000, $"The bomb is {bomb.Length} bytes.");

        using var response = await staff.PutAsync($"/api/rounds/{roundId}/findings/{findingId}/photo", Image(bomb));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "photo");
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("photo")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("PhotoTooManyPixels", problem.GetProperty("codes").GetProperty("photo").GetString());
        Assert.Equal([40, 12_000], problem.GetProperty("args").GetProperty("photo").EnumerateArray().Select(a => a.GetInt32()));
    }

    /// <summary>A PNG signature and header chunk declaring the given size, with no image data behind it.</summary>
    private static byte[] PngHeader(int width, int height) => [.. PngSignature, .. Chunk("IHDR", Ihdr(width, height, bitDepth: 8, colourType: 2))];

    /// <summary>A real, valid PNG of a black image of this size: one bit a pixel, compressed about a thousand to one.</summary>
    private static byte[] PngBomb(int width, int height)
    {
        var row = new byte[1 + ((width + 7) / 8)]; // a filter byte (none), then the pixels
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            for (var y = 0; y < height; y++)
                zlib.Write(row);
        }
        return [.. PngSignature, .. Chunk("IHDR", Ihdr(width, height, bitDepth: 1, colourType: 0)), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] Ihdr(int width, int height, byte bitDepth, byte colourType)
    {
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colourType;
        return header;
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(chunk));
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        return [.. length, .. chunk, .. crc];
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public async Task Another_schools_staff_can_neither_add_nor_see_the_photo()
    {
        var (roundId, findingId) = await FindingAsync();
        using var staff = app.ClientFor(Role.SchoolStaff);
        var url = $"/api/rounds/{roundId}/findings/{findingId}/photo";
        await staff.PutAsync(url, Image(PhoneJpeg()));
        using var other = await app.ClientInAsync(await app.OrganisationAsync("Annan skola"), Role.SchoolStaff);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsync(url, Image(PhoneJpeg()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/rounds/{roundId}/findings/{findingId + 1000}/photo")).StatusCode);
    }
}

public sealed class PhotosOnSqlite(SqliteLagesbild app) : PhotoTests<SqliteLagesbild>(app);

public sealed class PhotosOnPostgres(PostgresLagesbild app) : PhotoTests<PostgresLagesbild>(app);
