using System.Reflection;
using PdfSharp.Fonts;

namespace PartnerHub.Domain.CaseFiles;

/// <summary>
/// PDFsharp finds no fonts on Linux by itself: this resolver serves DejaVu Sans (regular and bold), shipped in the assembly
/// (CaseFiles/Fonts, under the DejaVu fonts licence, see LICENSE-DejaVu.txt there), whatever the machine has installed.
/// </summary>
internal sealed class CaseFileFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly CaseFileFonts Instance = new();
    private static readonly Lock Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp allows setting it only before the first font is used).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null) GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, false, italic);

    public byte[]? GetFont(string faceName)
    {
        var name = $"PartnerHub.Domain.CaseFiles.Fonts.{(faceName == Bold ? Bold : Regular)}.ttf";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
