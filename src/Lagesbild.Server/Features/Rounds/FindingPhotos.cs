using System.Diagnostics;
using ImageMagick;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Rounds;

/// <summary>
/// A finding's photo, decoded and encoded again as a JPEG without any metadata: a phone's photo carries the
/// position and the phone in its EXIF, and that must not be kept. Only JPEG, PNG, WebP and HEIC are read,
/// recognised by their first bytes, so that ImageMagick never guesses a format from hostile input.
/// </summary>
public sealed class FindingPhotos(LagesbildDb db)
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxSide = 1600;

    /// <summary>
    /// A phone's camera gives 12-50 megapixels but most send 12; more, or a side longer than a panorama's, is refused from
    /// the header, before it is decoded: a small file can declare 60 megapixels of one colour and hold a core for seconds.
    /// </summary>
    public const int MaxPixels = 40_000_000;

    public const int MaxPixelsPerSide = 12_000;

    /// <summary>A decode that takes longer than this is stopped: the header was within the limits, the data is not.</summary>
    public static readonly TimeSpan MaxDecodeTime = TimeSpan.FromSeconds(5);

    public sealed record Cleaned(byte[] Jpeg, int Width, int Height);

    // At most one decode per core, so that photos arriving together never starve the rest of the server.
    private static readonly SemaphoreSlim Decoders = new(Math.Max(1, Environment.ProcessorCount));

    static FindingPhotos()
    {
        // ImageMagick's own ceilings, should a header lie about the size; above the limits, so that reading the header
        // of a merely too large photo answers why it is refused rather than that it cannot be read.
        ResourceLimits.Width = MaxPixelsPerSide * 4 / 3;
        ResourceLimits.Height = MaxPixelsPerSide * 4 / 3;
        ResourceLimits.Area = MaxPixels;
        ResourceLimits.Memory = 512UL * 1024 * 1024;
    }

    public static async Task<(Cleaned? Photo, Refusal? Refusal)> CleanAsync(byte[] upload, CancellationToken ct)
    {
        await Decoders.WaitAsync(ct);
        try
        {
            return Clean(upload);
        }
        finally
        {
            Decoders.Release();
        }
    }

    private static (Cleaned? Photo, Refusal? Refusal) Clean(byte[] upload)
    {
        if (upload.Length == 0)
            return Refuse(RefusalCodes.PhotoEmpty, "The photo is empty.");
        if (upload.Length > MaxBytes)
            return Refuse(RefusalCodes.PhotoTooLarge, $"The photo is over {MaxBytes / 1024 / 1024} MB.", MaxBytes / 1024 / 1024);
        if (FormatOf(upload) is not { } format)
            return Refuse(RefusalCodes.PhotoFormat, "The photo must be a JPEG, PNG, WebP or HEIC image.");
        try
        {
            var settings = new MagickReadSettings { Format = format };
            // The header first: a small file may declare an enormous image.
            var info = new MagickImageInfo(upload, settings);
            if (info.Width > MaxPixelsPerSide || info.Height > MaxPixelsPerSide)
                return Refuse(RefusalCodes.PhotoTooManyPixels, $"The photo is wider or taller than {MaxPixelsPerSide} pixels.", MaxPixels / 1_000_000, MaxPixelsPerSide);
            if ((long)info.Width * info.Height > MaxPixels)
                return Refuse(RefusalCodes.PhotoTooManyPixels, $"The photo has more than {MaxPixels / 1_000_000} megapixels.", MaxPixels / 1_000_000, MaxPixelsPerSide);
            using var image = new MagickImage();
            var started = Stopwatch.GetTimestamp();
            image.Progress += (_, progress) => progress.Cancel = Stopwatch.GetElapsedTime(started) > MaxDecodeTime;
            image.Read(upload, settings);
            if (Stopwatch.GetElapsedTime(started) > MaxDecodeTime)
                return Refuse(RefusalCodes.PhotoFormat, "The photo took too long to read.");
            image.AutoOrient();
            image.Strip();
            if (image.Width > MaxSide || image.Height > MaxSide)
                image.Resize(new MagickGeometry(MaxSide, MaxSide) { Greater = true });
            image.Format = MagickFormat.Jpeg;
            image.Quality = 82;
            return (new Cleaned(image.ToByteArray(), (int)image.Width, (int)image.Height), null);
        }
        catch (MagickException)
        {
            return Refuse(RefusalCodes.PhotoFormat, "The photo could not be read as an image.");
        }
    }

    private static (Cleaned?, Refusal?) Refuse(string code, string message, params object[] args) =>
        (null, new Refusal("photo", code, message, args.Length == 0 ? null : args));

    public async Task SaveAsync(Finding finding, Cleaned photo, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.FindingPhotos.Where(p => p.FindingId == finding.Id).ExecuteDeleteAsync(ct);
        db.FindingPhotos.Add(new FindingPhoto { FindingId = finding.Id, Jpeg = photo.Jpeg, Width = photo.Width, Height = photo.Height });
        finding.HasPhoto = true;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public Task<byte[]?> ReadAsync(long findingId, CancellationToken ct) =>
        db.FindingPhotos.AsNoTracking().Where(p => p.FindingId == findingId).Select(p => p.Jpeg).SingleOrDefaultAsync(ct);

    private static MagickFormat? FormatOf(byte[] b) => b switch
    {
        [0xFF, 0xD8, 0xFF, ..] => MagickFormat.Jpeg,
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => MagickFormat.Png,
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => MagickFormat.WebP,
        [_, _, _, _, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c' or (byte)'x', ..] => MagickFormat.Heic,
        [_, _, _, _, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'i', (byte)'f', (byte)'1', ..] => MagickFormat.Heic,
        _ => null,
    };
}
