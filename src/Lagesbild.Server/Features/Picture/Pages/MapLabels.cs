using System.Globalization;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Scenes;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Picture.Pages;

/// <summary>What the map script needs: tiles from configuration, and the page's texts in the user's language.</summary>
public static class MapLabels
{
    public static object Options(IStringLocalizer<Strings> l, MapOptions map, bool canAdd) => new
    {
        tileUrl = map.TileUrl,
        tileAttribution = map.TileAttribution,
        canAdd,
        locale = CultureInfo.CurrentUICulture.Name,
        labels = new
        {
            districts = l["LayerDistricts"].Value,
            heat = l["LayerHeat"].Value,
            observations = l["LayerObservations"].Value,
            scenes = l["LayerScenes"].Value,
            openScene = l["OpenScene"].Value,
            sites = l["LayerSites"].Value,
            legend = l["Legend"].Value,
            legendScenes = l["LegendScenes"].Value,
            legendOther = l["LegendOther"].Value,
            legendObservation = l["LegendObservation"].Value,
            legendCluster = l["LegendCluster"].Value,
            legendDensity = l["LegendDensity"].Value,
            legendDistrict = l["LegendDistrict"].Value,
            openNow = l["OpenNow"].Value,
            closedNow = l["ClosedNow"].Value,
            kind = Enum.GetValues<Core.Sites.SiteKind>().ToDictionary(k => k.ToString(), k => l["Kind" + k].Value),
            status = Enum.GetValues<SceneStatus>().ToDictionary(s => s.ToString(), s => l["Status" + s].Value),
            category = Enum.GetValues<ObservationCategory>().ToDictionary(c => c.ToString(), c => l["Category" + c].Value),
            measures = l["LayerMeasures"].Value,
            openMeasure = l["OpenMeasure"].Value,
            measureKind = Enum.GetValues<Core.Measures.MeasureKind>().ToDictionary(k => k.ToString(), k => l["MeasureKind" + k].Value),
            measureStatus = Enum.GetValues<Core.Measures.MeasureStatus>().ToDictionary(s => s.ToString(), s => l["MeasureStatus" + s].Value),
            police = l["LayerPolice"].Value,
            policeEvent = l["PoliceEvent"].Value,
            policePlacedDistrict = l["PolicePlacedDistrict"].Value,
            policePlacedMunicipality = l["PolicePlacedMunicipality"].Value,
            policePlacedReported = l["PolicePlacedReported"].Value,
            policeLink = l["PoliceLink"].Value,
            policeSource = l["PoliceSource"].Value,
            policeLegendDistrict = l["PoliceLegendDistrict"].Value,
            policeLegendMunicipality = l["PoliceLegendMunicipality"].Value,
        },
    };
}
