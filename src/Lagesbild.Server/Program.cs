using Lagesbild.Server.Components;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Features.Analysis;
using Lagesbild.Server.Features.Audit;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Auth.Oidc;
using Lagesbild.Server.Features.Demo;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Indicators;
using Lagesbild.Server.Features.Measures;
using Lagesbild.Server.Features.Notifications;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Picture;
using Lagesbild.Server.Features.Privacy;
using Lagesbild.Server.Features.Reports;
using Lagesbild.Server.Features.Residents;
using Lagesbild.Server.Features.Retention;
using Lagesbild.Server.Features.Rounds;
using Lagesbild.Server.Features.Scenes;
using Lagesbild.Server.Features.Sites;
using Lagesbild.Server.Features.Users;

if (ClusterCommand.Matches(args))
{
    // `lagesbild cluster ...`: the analysts' command line, without starting the server.
    Environment.ExitCode = await ClusterCommand.RunAsync(args, Console.Out, Console.Error);
    return;
}

var builder = WebApplication.CreateBuilder(CommandLine.Normalize(args));

builder.AddLagesbildHosting();
builder.Services.AddSecurityHeaders();
builder.Services.AddStorage();
builder.Services.AddLagesbildAuth();
builder.Services.AddOidcProviders();
builder.Services.AddAudit();
builder.Services.AddUsers();
builder.Services.AddScoped<ObservationWriter>();
builder.Services.AddScoped<ObservationCorrections>();
builder.Services.AddScoped<SceneService>();
builder.Services.AddScoped<MeasureService>();
builder.Services.AddScoped<MeasureEffectService>();
builder.Services.AddScoped<IndicatorImport>();
builder.Services.AddScoped<IndicatorSeriesReader>();
builder.Services.AddScoped<WeeklyReportService>();
builder.Services.AddScoped<OutcomeDashboard>();
builder.Services.AddOpen311();
builder.Services.AddScoped<ApiKeys>();
builder.Services.AddScoped<PictureService>();
builder.Services.AddSingleton<PictureIndexCache>();
builder.Services.AddHostedService<PictureIndexWarmUp>();
builder.Services.AddScoped<DemoSeeder>();
builder.Services.AddScoped<DemoSchools>();
builder.Services.AddScoped<DemoAlarms>();
builder.Services.AddScoped<DemoOutcomes>();
builder.Services.AddScoped<DemoReports>();
builder.Services.AddSites();
builder.Services.AddRounds();
builder.Services.AddNotifications();
builder.Services.AddAlarms();
builder.Services.AddAnalysis();
builder.Services.AddRetention();
builder.Services.AddPrivacy();
builder.Services.AddLagesbildUi();

var app = builder.Build();

await app.PrepareAsync();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<BodySizeLimit>();
app.UseLagesbildLocalization();
app.UseAuthentication();
app.UseMiddleware<SessionGuard>();
app.UseAuthorization();
app.UseMiddleware<CrossSiteWrites>();
app.UseAntiforgery();

app.MapHealthChecks("/health");
app.MapOpenApi();
app.MapAuthApi();
app.MapStartPage();
app.MapOidcSignIn();
var api = app.MapGroup("/api").RequireAuthorization();
api.MapDistrictsApi();
api.MapScenesApi();
api.MapMeasuresApi();
api.MapObservationsApi();
api.MapPictureApi();
api.MapAnalysisApi();
api.MapIndicatorsApi();
api.MapReportsApi();
api.MapApiKeysApi();
api.MapServiceProfileApi();
api.MapTriageApi();
api.MapSitesApi();
api.MapRoundsApi();
api.MapNotificationsApi();
api.MapAlarmsApi();
api.MapShiftsApi();
api.MapUsersApi();
api.MapAccountApi();
api.MapOrganisationScopeApi();
api.MapAuditApi();
api.MapRetentionApi();
api.MapPrivacyApi();
app.MapOpen311();
app.MapPublicMap();
app.MapPublicDistrictsApi();
app.MapLocalTiles();
app.MapHub<AlarmHub>(AlarmHub.Path);
app.MapLagesbildUi();

app.Run();

/// <summary>The entry point, visible to the HTTP and browser tests.</summary>
public partial class Program;
