using System.Buffers.Binary;

namespace PartnerHub.Domain.Files;

/// <summary>An image's width and height in pixels, read from the first bytes of the file.</summary>
public static class ImageHeader
{
    /// <summary>Width and height from an image header; (null, null) for other kinds or an unreadable header.</summary>
    public static (int?, int?) Dimensions(FileKind kind, ReadOnlySpan<byte> h)
    {
        try
        {
            if (kind == FileKind.Png && h.Length >= 24 && h[12..16].SequenceEqual("IHDR"u8))
                return Positive(BinaryPrimitives.ReadInt32BigEndian(h[16..]), BinaryPrimitives.ReadInt32BigEndian(h[20..]));
            if (kind == FileKind.Gif && h.Length >= 10)
                return Positive(BinaryPrimitives.ReadUInt16LittleEndian(h[6..]), BinaryPrimitives.ReadUInt16LittleEndian(h[8..]));
            if (kind == FileKind.Webp && h.Length >= 30)
            {
                var chunk = h[12..16];
                if (chunk.SequenceEqual("VP8 "u8) && h[23] == 0x9D && h[24] == 0x01 && h[25] == 0x2A)
                    return Positive(BinaryPrimitives.ReadUInt16LittleEndian(h[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(h[28..]) & 0x3FFF);
                if (chunk.SequenceEqual("VP8L"u8) && h[20] == 0x2F)
                {
                    var bits = BinaryPrimitives.ReadUInt32LittleEndian(h[21..]);
                    return Positive((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
                }
                if (chunk.SequenceEqual("VP8X"u8))
                    return Positive((h[24] | h[25] << 8 | h[26] << 16) + 1, (h[27] | h[28] << 8 | h[29] << 16) + 1);
            }
            if (kind == FileKind.Jpeg) return JpegSize(h);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A truncated header: the file is still the right kind, only its size is unknown.
        }
        return (null, null);
    }

    /// <summary>Walks the JPEG markers to the first start-of-frame, which holds height then width.</summary>
    private static (int?, int?) JpegSize(ReadOnlySpan<byte> h)
    {
        var i = 2;
        while (i + 9 < h.Length)
        {
            if (h[i] != 0xFF) return (null, null);
            var marker = h[i + 1];
            if (marker == 0xFF) { i++; continue; }
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7)) { i += 2; continue; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(h[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return Positive(BinaryPrimitives.ReadUInt16BigEndian(h[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(h[(i + 5)..]));
            if (length < 2) return (null, null);
            i += 2 + length;
        }
        return (null, null);
    }

    private static (int?, int?) Positive(int width, int height) => width > 0 && height > 0 ? (width, height) : (null, null);
}
