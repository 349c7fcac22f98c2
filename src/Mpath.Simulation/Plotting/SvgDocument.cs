using System.Globalization;
using System.Net;
using System.Text;

namespace Mpath.Simulation.Plotting;

/// <summary>
/// A minimal SVG writer: rectangles, lines and text. Our own so the mpath binary stays one self-contained file
/// (plotting libraries bring native renderers).
/// </summary>
internal sealed class SvgDocument
{
    private readonly StringBuilder _body = new();

    public SvgDocument(double width, double height)
    {
        Width = width;
        Height = height;
    }

    public double Width { get; }
    public double Height { get; set; }

    public void Rect(double x, double y, double w, double h, string fill, string? title = null, double opacity = 1)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(Math.Max(0, w))}\" height=\"{F(h)}\" fill=\"{fill}\"");
        if (opacity < 1) _body.Append(CultureInfo.InvariantCulture, $" fill-opacity=\"{F(opacity)}\"");
        if (title is null) _body.Append("/>\n");
        else _body.Append("><title>").Append(WebUtility.HtmlEncode(title)).Append("</title></rect>\n");
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1) =>
        _body.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{stroke}\" stroke-width=\"{F(width)}\"/>\n");

    public void Text(double x, double y, string text, double size = 12, string anchor = "start", string weight = "normal", string fill = "#222") =>
        _body.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"{F(size)}\" text-anchor=\"{anchor}\" font-weight=\"{weight}\" fill=\"{fill}\">")
            .Append(WebUtility.HtmlEncode(text)).Append("</text>\n");

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(Width)}\" height=\"{F(Height)}\" viewBox=\"0 0 {F(Width)} {F(Height)}\" font-family=\"sans-serif\">\n")
        + string.Create(CultureInfo.InvariantCulture, $"<rect width=\"{F(Width)}\" height=\"{F(Height)}\" fill=\"white\"/>\n")
        + _body + "</svg>\n";

    private static string F(double v) => Math.Round(v, 2).ToString(CultureInfo.InvariantCulture);
}
