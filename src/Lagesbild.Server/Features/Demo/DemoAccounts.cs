using Lagesbild.Core.Access;

namespace Lagesbild.Server.Features.Demo;

public sealed record DemoAccount(string Email, string Name, Role Role, string Organisation, string DescriptionSv, string DescriptionEn);

public sealed record DemoOrganisation(string Name, OrganisationKind Kind);

/// <summary>One demo account per role, all with the same published password. Only ever created with --demo.</summary>
public static class DemoAccounts
{
    public const string Password = "Lagesbild-demo-1";

    public static readonly DemoOrganisation[] Organisations =
    [
        new("Stockholms stad (demo)", OrganisationKind.City),
        new("Polisen, lokalpolisområde (demo)", OrganisationKind.Police),
        new("Socialtjänsten, fältassistenter (demo)", OrganisationKind.SocialServices),
        new("Förskolor och skolor Rinkeby (demo)", OrganisationKind.School),
        new("Väktarbolaget (demo)", OrganisationKind.GuardCompany),
        new("Järva stadsdelsförvaltning (demo)", OrganisationKind.District),
        new("Bostadsbolaget Järva (demo)", OrganisationKind.HousingCompany),
        new("Kollektivtrafiken (demo)", OrganisationKind.PublicTransport),
    ];

    /// <summary>The stadsdelsområde the borough coordinator sees in detail (the rest of the city aggregated).</summary>
    public const string ScopedBorough = "Järva";

    public const string BoroughCoordinator = "samordnare.jarva@lagesbild.example";

    public static readonly DemoAccount[] All =
    [
        new("samordnare@lagesbild.example", "Sara Samordnare", Role.Coordinator, Organisations[0].Name, "Trygghetssamordnare", "Safety coordinator"),
        new(BoroughCoordinator, "Kim Järvasamordnare", Role.Coordinator, Organisations[5].Name, "Trygghetssamordnare, Järva", "Safety coordinator, Järva"),
        new("polis@lagesbild.example", "Per Polis", Role.Police, Organisations[1].Name, "Polis, lokalpolisområde", "Local police"),
        new("socialtjanst@lagesbild.example", "Fatima Fältassistent", Role.SocialServices, Organisations[2].Name, "Fältassistent", "Outreach worker"),
        new("rektor@lagesbild.example", "Rut Rektor", Role.SchoolManager, Organisations[3].Name, "Rektor", "Principal"),
        new("skola@lagesbild.example", "Stig Vaktmästare", Role.SchoolStaff, Organisations[3].Name, "Skolpersonal, vaktmästare", "School staff, caretaker"),
        new("vaktare@lagesbild.example", "Vera Väktare", Role.Guard, Organisations[4].Name, "Väktare", "Security guard"),
        new("larmcentral@lagesbild.example", "Lars Larmcentral", Role.ControlRoom, Organisations[4].Name, "Larmcentral", "Control room"),
        new("analytiker@lagesbild.example", "Anna Analytiker", Role.Analyst, Organisations[0].Name, "Analytiker", "Analyst"),
        new("admin@lagesbild.example", "Adam Admin", Role.Admin, Organisations[0].Name, "Systemadministratör", "Administrator"),
        new("dataskydd@lagesbild.example", "Dina Dataskydd", Role.DataProtection, Organisations[0].Name, "Dataskyddsombud", "Data protection officer"),
        new("bostad@lagesbild.example", "Bo Bostad", Role.Partner, Organisations[6].Name, "Partner, bostadsbolag", "Partner, housing company"),
        new("trafik@lagesbild.example", "Tove Trafik", Role.Partner, Organisations[7].Name, "Partner, kollektivtrafik", "Partner, public transport"),
    ];
}
