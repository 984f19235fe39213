using Lagesbild.Server.Components;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Features.Analysis;
using Lagesbild.Server.Features.Audit;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Cameras;
using Lagesbild.Server.Features.Demo;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Exports;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Imports;
using Lagesbild.Server.Features.Indicators;
using Lagesbild.Server.Features.Mappings;
using Lagesbild.Server.Features.Measures;
using Lagesbild.Server.Features.Meetings;
using Lagesbild.Server.Features.Notifications;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Ogc;
using Lagesbild.Server.Features.Operations;
using Lagesbild.Server.Features.Picture;
using Lagesbild.Server.Features.PoliceEvents;
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

if (ImportCommand.Matches(args))
{
    // `lagesbild import ...`: the very large first load of observations, without starting the server.
    Environment.ExitCode = await ImportCommand.RunAsync(args, Console.Out, Console.Error);
    return;
}

var builder = WebApplication.CreateBuilder(CommandLine.Normalize(args));

builder.AddLagesbildHosting();
builder.AddOperations();
builder.Services.AddStorage();
builder.Services.AddDistricts();
builder.Services.AddLagesbildAuth();
builder.Services.AddAudit();
builder.Services.AddUsers();
builder.Services.AddObservations();
builder.Services.AddImports();
builder.Services.AddScenes();
builder.Services.AddMeasures();
builder.Services.AddCameras();
builder.Services.AddIndicators();
builder.Services.AddMappings();
builder.Services.AddReports();
builder.Services.AddExports();
builder.Services.AddMeetings();
builder.Services.AddResidents();
builder.Services.AddPicture();
builder.Services.AddOgc();
builder.Services.AddPoliceEvents();
builder.Services.AddDemo();
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
app.UseApiCompression();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<BodySizeLimit>();
app.UseLagesbildLocalization();
app.UseOgcChallenge();
app.UseAuthentication();
app.UseMiddleware<SessionGuard>();
app.UseAuthorization();
app.UseMiddleware<CrossSiteWrites>();
app.UseAntiforgery();

app.MapOperations();
app.MapOpenApi();
app.MapLagesbildAuth();
app.MapDistricts();
app.MapScenes();
app.MapMeasures();
app.MapCameras();
app.MapObservations();
app.MapImports();
app.MapPicture();
app.MapOgc();
app.MapPoliceEvents();
app.MapAnalysis();
app.MapIndicators();
app.MapMappings();
app.MapReports();
app.MapExports();
app.MapMeetings();
app.MapResidents();
app.MapSites();
app.MapRounds();
app.MapNotifications();
app.MapAlarms();
app.MapUsers();
app.MapAudit();
app.MapRetention();
app.MapPrivacy();
app.MapDemo();
app.MapLagesbildUi();

app.Run();

/// <summary>The entry point, visible to the HTTP and browser tests.</summary>
public partial class Program;
