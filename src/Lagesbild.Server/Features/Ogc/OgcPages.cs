using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Ogc;

/// <summary>
/// The HTML face of the OGC API (Part 1's HTML class): plain server-drawn pages in the reader's language, Swedish
/// first, with a heading per page, tables with headers, and links named by what they lead to. No script.
/// </summary>
public static class OgcPages
{
    public static string Landing(LandingDocument d, IStringLocalizer<Strings> L) => Page(d.Title, L, body =>
    {
        body.Append("<p>").Append(E(d.Description)).Append("</p><ul>");
        // The page itself is the HTML: it links the JSON, not itself again.
        foreach (var link in d.Links.Where(l => l.Type != "text/html" || l.Rel is not ("self" or "alternate")))
            body.Append("<li><a href=\"").Append(E(link.Href)).Append("\">").Append(E(link.Title ?? link.Rel)).Append("</a></li>");
        body.Append("</ul>");
    });

    public static string Conformance(ConformanceDocument d, IStringLocalizer<Strings> L) => Page(L["OgcConformance"], L, body =>
    {
        body.Append("<ul>");
        foreach (var uri in d.ConformsTo)
            body.Append("<li>").Append(E(uri)).Append("</li>");
        body.Append("</ul>");
    });

    public static string Api(string root, IStringLocalizer<Strings> L) => Page(L["OgcApiDocument"], L, body =>
        body.Append("<p><a href=\"").Append(E(root + "/api?f=json")).Append("\">").Append(E(L["OgcApiJson"])).Append("</a></p>"));

    public static string Collections(CollectionsDocument d, IStringLocalizer<Strings> L) => Page(L["OgcCollections"], L, body =>
    {
        body.Append("<table><caption>").Append(E(L["OgcCollectionsCaption"])).Append("</caption><thead><tr><th scope=\"col\">")
            .Append(E(L["OgcCollection"])).Append("</th><th scope=\"col\">").Append(E(L["OgcDescription"])).Append("</th></tr></thead><tbody>");
        foreach (var c in d.Collections)
            body.Append("<tr><th scope=\"row\"><a href=\"").Append(E(ItemsHtml(c))).Append("\">").Append(E(c.Title)).Append("</a></th><td>").Append(E(c.Description)).Append("</td></tr>");
        body.Append("</tbody></table>");
    });

    public static string Collection(CollectionDocument c, IStringLocalizer<Strings> L) => Page(c.Title, L, body =>
        body.Append("<p>").Append(E(c.Description)).Append("</p><p><a href=\"").Append(E(ItemsHtml(c))).Append("\">").Append(E(L["OgcItems"])).Append("</a></p>"));

    public static string Items(ItemsDocument d, OgcCollection collection, IStringLocalizer<Strings> L, JsonSerializerOptions json) => Page(Title(collection), L, body =>
    {
        body.Append("<p>").Append(E(string.Format(CultureInfo.CurrentCulture, L["OgcShowing"], d.NumberReturned, d.NumberMatched))).Append("</p>");
        var rows = d.Features.Select(f => (f.Id, Properties: Flatten(f.Properties, json))).ToList();
        var columns = rows.SelectMany(r => r.Properties.Keys).Distinct().ToList();
        body.Append("<table><caption>").Append(E(Title(collection))).Append("</caption><thead><tr><th scope=\"col\">id</th>");
        foreach (var column in columns)
            body.Append("<th scope=\"col\">").Append(E(column)).Append("</th>");
        body.Append("</tr></thead><tbody>");
        foreach (var (id, properties) in rows)
        {
            var text = Convert.ToString(id, CultureInfo.InvariantCulture)!;
            body.Append("<tr><th scope=\"row\"><a href=\"items/").Append(E(Uri.EscapeDataString(text))).Append("?f=html\">").Append(E(text)).Append("</a></th>");
            foreach (var column in columns)
                body.Append("<td>").Append(E(properties.GetValueOrDefault(column) ?? "")).Append("</td>");
            body.Append("</tr>");
        }
        body.Append("</tbody></table><nav aria-label=\"").Append(E(L["OgcPages"])).Append("\"><ul>");
        // The JSON of this page (its self link), the other pages and the collection.
        foreach (var link in d.Links.Where(l => l.Rel is "prev" or "next" or "collection" || (l.Rel == "self" && l.Type != "text/html")))
            body.Append("<li><a href=\"").Append(E(link.Href)).Append("\">").Append(E(link.Title ?? link.Rel)).Append("</a></li>");
        body.Append("</ul></nav>");
    });

    public static string Feature(FeatureDocument d, OgcCollection collection, IStringLocalizer<Strings> L, JsonSerializerOptions json) =>
        Page($"{Title(collection)} {Convert.ToString(d.Id, CultureInfo.InvariantCulture)}", L, body =>
        {
            body.Append("<table><thead><tr><th scope=\"col\">").Append(E(L["OgcProperty"])).Append("</th><th scope=\"col\">").Append(E(L["OgcValue"])).Append("</th></tr></thead><tbody>");
            foreach (var (name, value) in Flatten(d.Properties, json))
                body.Append("<tr><th scope=\"row\">").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
            body.Append("</tbody></table><ul>");
            foreach (var link in d.Links ?? [])
                body.Append("<li><a href=\"").Append(E(link.Href)).Append("\">").Append(E(link.Title ?? link.Rel)).Append("</a></li>");
            body.Append("</ul>");
        });

    private static string Title(OgcCollection c) => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? c.TitleEn : c.TitleSv;

    private static string ItemsHtml(CollectionDocument c) => c.Links.First(l => l.Rel == "items" && l.Type == "text/html").Href;

    /// <summary>The top-level properties as text: numbers and names as they are, lists and objects as compact JSON.</summary>
    private static Dictionary<string, string> Flatten(object properties, JsonSerializerOptions json)
    {
        var element = JsonSerializer.SerializeToElement(properties, properties.GetType(), json);
        return element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString() ?? "",
            JsonValueKind.Null => "",
            _ => p.Value.GetRawText(),
        });
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Page(string title, IStringLocalizer<Strings> L, Action<StringBuilder> body)
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "sv";
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(E(title)).Append(" – ").Append(E(L["OgcTitle"])).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"/css/ogc.css\"></head><body><header><nav aria-label=\"").Append(E(L["OgcNavigation"])).Append("\"><a href=\"/ogc?f=html\">")
            .Append(E(L["OgcTitle"])).Append("</a> · <a href=\"/ogc/collections?f=html\">").Append(E(L["OgcCollections"])).Append("</a></nav></header><main><h1>")
            .Append(E(title)).Append("</h1>");
        body(html);
        return html.Append("</main></body></html>").ToString();
    }
}
