using System.Globalization;
using Lagesbild.Core.Analysis;
using Lagesbild.Core.Scenes;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Analysis.Pages;

/// <summary>What the analysis map script needs: tiles from configuration, and the texts in the user's language.</summary>
public static class AnalysisLabels
{
    public static object Options(IStringLocalizer<Strings> l, MapOptions map) => new
    {
        tileUrl = map.TileUrl,
        tileAttribution = map.TileAttribution,
        labels = new
        {
            locale = CultureInfo.CurrentUICulture.Name,
            districts = l["LayerDistricts"].Value,
            scenes = l["LayerScenes"].Value,
            hotspots = l["LayerHotSpots"].Value,
            candidates = l["LayerCandidates"].Value,
            candidate = l["Candidate"].Value,
            candidateNew = l["LegendCandidate"].Value,
            observations = l["ObservationsWord"].Value,
            density = l["Density"].Value,
            count = l["CountWord"].Value,
            low = l["Low"].Value,
            high = l["High"].Value,
            legend = Enum.GetValues<HotSpotMethod>().ToDictionary(m => m.ToString(), m => l["Method" + m].Value),
            bin = new Dictionary<string, string>
            {
                ["3"] = l["Bin3"].Value,
                ["2"] = l["Bin2"].Value,
                ["1"] = l["Bin1"].Value,
                ["-1"] = l["BinMinus1"].Value,
                ["-2"] = l["BinMinus2"].Value,
                ["-3"] = l["BinMinus3"].Value,
            },
            pattern = Enum.GetValues<HotSpotPattern>().ToDictionary(p => p.ToString(), p => l["Pattern" + p].Value),
            status = Enum.GetValues<SceneStatus>().ToDictionary(s => s.ToString(), s => l["Status" + s].Value),
        },
    };
}
