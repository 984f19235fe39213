using System.Reflection;
using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Lagesbild.Server.Features.Reports;

/// <summary>
/// The weekly report (and other documents of tables) as an A4 PDF with PDFsharp: the same tables as the printable page, headers repeated on
/// each new page, text in DejaVu Sans (shipped with the server, so that Swedish letters print on any machine).
/// </summary>
public static class WeeklyReportPdf
{
    private const string Family = "DejaVu Sans";
    private const double Margin = 48, CellPadding = 3, LineGap = 1.25;

    // First of the static fields: the fonts below are resolved as they are made.
    private static readonly bool FontsRegistered = RegisterFonts();

    private static readonly XFont Body = new(Family, 9, XFontStyleEx.Regular);
    private static readonly XFont Bold = new(Family, 9, XFontStyleEx.Bold);
    private static readonly XFont Heading = new(Family, 12, XFontStyleEx.Bold);
    private static readonly XFont TitleFont = new(Family, 16, XFontStyleEx.Bold);
    private static readonly XColor Brand = XColor.FromArgb(0x14, 0x36, 0x5e);
    private static readonly XColor Line = XColor.FromArgb(0xc9, 0xd3, 0xde);

    /// <summary>The resolver is process-wide in PDFsharp and may be set only once.</summary>
    private static bool RegisterFonts()
    {
        GlobalFontSettings.FontResolver ??= new EmbeddedFonts();
        return true;
    }

    public static byte[] Write(WeeklyReport report, IStringLocalizer L) =>
        Document(WeeklyReportTables.Title(report, L), [WeeklyReportTables.Period(report, L)], WeeklyReportTables.Classification(report, L),
            WeeklyReportTables.Build(report, L),
            string.Format(System.Globalization.CultureInfo.CurrentCulture, L["ReportGenerated"], Components.Shared.Formats.DateTime(report.GeneratedAt)));

    /// <summary>
    /// A document of tables on A4: the product's name, a title, lead lines, a marking (what it holds, in the brand
    /// colour), each table under its heading, and a closing line. The weekly report and the record of processing
    /// are both written by it.
    /// </summary>
    public static byte[] Document(string title, IReadOnlyList<string> lead, string marking, IEnumerable<ReportTable> tables, string closing)
    {
        System.Diagnostics.Debug.Assert(FontsRegistered);
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Author = "Lägesbild";
        document.Info.Subject = marking;
        document.Language = System.Globalization.CultureInfo.CurrentUICulture.Name;
        var writer = new PageWriter(document);
        writer.Paragraph("Lägesbild", Bold, Brand);
        writer.Paragraph(title, TitleFont, XColors.Black);
        foreach (var line in lead)
            writer.Paragraph(line, Body, XColors.Black);
        writer.Paragraph(marking, Bold, Brand);
        foreach (var table in tables)
        {
            writer.Space(10);
            // A heading keeps its lead and the first rows of its table with it.
            writer.KeepTogether(Heading.Height + (Body.Height * 8));
            writer.Paragraph(table.Title, Heading, Brand);
            if (table.Lead is { } tableLead)
                writer.Paragraph(tableLead, Body, XColors.Black);
            if (table.Rows.Count == 0)
                writer.Paragraph(table.Empty, Body, XColors.DimGray);
            else
                writer.Table(table);
        }
        writer.Space(12);
        writer.Paragraph(closing, Body, XColors.DimGray);
        writer.Finish();
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    /// <summary>Writes downwards on A4 pages, starting a new page when the next line would not fit.</summary>
    private sealed class PageWriter(PdfDocument document)
    {
        private XGraphics? _graphics;
        private PdfPage? _page;
        private double _y;

        private double Width => _page!.Width.Point - (2 * Margin);

        private XGraphics Graphics
        {
            get
            {
                if (_graphics is null)
                    NewPage();
                return _graphics!;
            }
        }

        private void NewPage()
        {
            _graphics?.Dispose();
            _page = document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        private void Room(double height)
        {
            if (_graphics is null || _y + height > _page!.Height.Point - Margin)
                NewPage();
        }

        public void KeepTogether(double height) => Room(height);

        public void Space(double points) => _y += points;

        public void Paragraph(string text, XFont font, XColor colour)
        {
            var lines = Wrap(Graphics, text, font, Width);
            foreach (var line in lines)
            {
                Room(font.Height * LineGap);
                Graphics.DrawString(line, font, new XSolidBrush(colour), new XRect(Margin, _y, Width, font.Height), XStringFormats.TopLeft);
                _y += font.Height * LineGap;
            }
            _y += 2;
        }

        public void Table(ReportTable table)
        {
            var widths = ColumnWidths(table);
            var header = table.Columns.Select(c => c.Header).ToList();
            // The header never stands alone at the foot of a page.
            Room(RowHeight(header, widths, isHeader: true) + RowHeight(table.Rows[0].Cells.Select(c => c.Text).ToList(), widths, isHeader: false));
            DrawRow(header, widths, table, isHeader: true);
            foreach (var row in table.Rows)
            {
                var cells = row.Cells.Select(c => c.Text).ToList();
                if (RowHeight(cells, widths, isHeader: false) + _y > _page!.Height.Point - Margin)
                {
                    NewPage();
                    DrawRow(header, widths, table, isHeader: true);
                }
                DrawRow(cells, widths, table, isHeader: false);
            }
        }

        /// <summary>Headers and the first column (what a row is about) are bold.</summary>
        private static XFont FontOf(int column, bool isHeader) => isHeader || column == 0 ? Bold : Body;

        /// <summary>
        /// Each column gets what its widest cell needs (a header may wrap beyond MaxHeaderWidth). When that is wider
        /// than the page, each column keeps at least its longest word and the rest of the page is shared in
        /// proportion to what each column would have liked beyond that.
        /// </summary>
        private double[] ColumnWidths(ReportTable table)
        {
            const double MaxHeaderWidth = 90;
            var padding = (2 * CellPadding) + 1;
            double Widest(IEnumerable<(string Text, XFont Font)> texts) => texts.Select(t => Graphics.MeasureString(t.Text, t.Font).Width).DefaultIfEmpty(0).Max();
            var cells = table.Columns.Select((c, i) => table.Rows.Select(r => (r.Cells[i].Text, FontOf(i, false))).ToList()).ToList();
            var wanted = table.Columns.Select((c, i) => Math.Max(Math.Min(Graphics.MeasureString(c.Header, Bold).Width, MaxHeaderWidth), Widest(cells[i])) + padding).ToArray();
            if (wanted.Sum() <= Width)
                return wanted;
            var least = table.Columns.Select((c, i) => Widest(cells[i].Append((c.Header, Bold))
                .SelectMany(t => t.Item1.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => (word, t.Item2)))) + padding).ToArray();
            var spare = Width - least.Sum();
            if (spare <= 0)
                return least.Select(w => w * Width / least.Sum()).ToArray();
            var wish = wanted.Select((w, i) => Math.Max(0, w - least[i])).ToArray();
            return least.Select((w, i) => w + (spare * wish[i] / wish.Sum())).ToArray();
        }

        private double RowHeight(List<string> cells, double[] widths, bool isHeader) =>
            cells.Select((text, i) => Wrap(Graphics, text, FontOf(i, isHeader), widths[i] - (2 * CellPadding)).Count).Max() * Body.Height * LineGap + (2 * CellPadding);

        private void DrawRow(List<string> cells, double[] widths, ReportTable table, bool isHeader)
        {
            var height = RowHeight(cells, widths, isHeader);
            Room(height);
            var x = Margin;
            for (var i = 0; i < cells.Count; i++)
            {
                var font = FontOf(i, isHeader);
                var format = table.Columns[i].Numeric ? XStringFormats.TopRight : XStringFormats.TopLeft;
                var y = _y + CellPadding;
                foreach (var line in Wrap(Graphics, cells[i], font, widths[i] - (2 * CellPadding)))
                {
                    Graphics.DrawString(line, font, XBrushes.Black, new XRect(x + CellPadding, y, widths[i] - (2 * CellPadding), font.Height), format);
                    y += font.Height * LineGap;
                }
                x += widths[i];
            }
            _y += height;
            Graphics.DrawLine(new XPen(isHeader ? Brand : Line, isHeader ? 1.2 : 0.5), Margin, _y, Margin + widths.Sum(), _y);
        }

        public void Finish() => _graphics?.Dispose();
    }

    /// <summary>Breaks text into lines that fit the width, at spaces, and inside a word only when it alone is too wide.</summary>
    private static List<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (graphics.MeasureString(candidate, font).Width <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                    lines.Add(line);
                line = word;
                while (line.Length > 1 && graphics.MeasureString(line, font).Width > width)
                {
                    var fit = line.Length - 1;
                    while (fit > 1 && graphics.MeasureString(line[..fit], font).Width > width)
                        fit--;
                    lines.Add(line[..fit]);
                    line = line[fit..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>DejaVu Sans, regular and bold, from the server's own resources.</summary>
    private sealed class EmbeddedFonts : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[]? GetFont(string faceName)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"{faceName}.ttf")
                ?? throw new InvalidOperationException($"The font {faceName} is not in the server's resources.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
