using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Lagesbild.Server.Features.Imports;

/// <summary>
/// A file's bytes passed on unchanged while they are UTF-8, counting lines and bytes as they go. At the first byte that
/// is not UTF-8 (a Latin-1 'ö') it passes on the lines before it and then ends, as if the file ended there, with
/// <see cref="Fault"/> naming the line, rather than letting a decoder put a replacement character into the stored text.
/// </summary>
public sealed class Utf8Only(Stream inner) : Stream
{
    private readonly byte[] _carry = new byte[4];
    private int _carried;
    private long _line = 1;
    /// <summary>Why the file ended early: the line that is not UTF-8; null while it is.</summary>
    public InvalidDataException? Fault { get; private set; }

    /// <summary>How many bytes have been read from the file.</summary>
    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Fault is not null)
            return 0;
        if (buffer.Length < 8)
            throw new ArgumentException("Read at least 8 bytes at a time.", nameof(buffer));
        _carry.AsSpan(0, _carried).CopyTo(buffer);
        var read = inner.Read(buffer[_carried..]);
        BytesRead += read;
        var total = _carried + read;
        _carried = 0;
        if (read == 0)
        {
            if (total > 0)
                Fault = FaultAt(buffer[..total], 0, "the file ends inside a character");
            return 0;
        }
        var bytes = buffer[..total];
        if (Utf8.IsValid(bytes))
            return Pass(bytes);
        var chars = ArrayPool<char>.Shared.Rent(total);
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out var valid, out _, replaceInvalidSequences: false, isFinalBlock: false);
            if (status == OperationStatus.NeedMoreData)
            {
                // A character split by the read: its first bytes wait for the rest.
                _carried = total - valid;
                bytes[valid..].CopyTo(_carry);
                return valid > 0 ? Pass(bytes[..valid]) : Read(buffer);
            }
            // The lines before the faulty one go on; then the file ends.
            var lineStart = bytes[..valid].LastIndexOf((byte)'\n') + 1;
            Fault = FaultAt(bytes, valid, null);
            return lineStart == 0 ? 0 : Pass(bytes[..lineStart]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private int Pass(ReadOnlySpan<byte> bytes)
    {
        _line += bytes.Count((byte)'\n');
        return bytes.Length;
    }

    private InvalidDataException FaultAt(ReadOnlySpan<byte> bytes, int at, string? why)
    {
        var line = _line + bytes[..at].Count((byte)'\n');
        return new InvalidDataException(why is null
            ? $"Line {line}: the file is not UTF-8 (byte 0x{bytes[at]:X2}); it may be Latin-1 or Windows-1252. Save it as UTF-8 and import it again."
            : $"Line {line}: {why}; the file is not UTF-8.");
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
