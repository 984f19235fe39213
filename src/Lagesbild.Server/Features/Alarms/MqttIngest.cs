using System.Buffers;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>The MQTT broker the sensors publish to ("Mqtt" in configuration); off until Host is set.</summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    public string? Host { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 65535)]
    public int Port { get; set; } = 1883;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The session name: with a persistent session the broker keeps unacknowledged events across a restart.</summary>
    public string ClientId { get; set; } = "lagesbild-server";
}

/// <summary>
/// The second way in: events published to lagesbild/sensors/{sensorId}/events, the same JSON body, with the
/// signature in the MQTT 5 user property X-Lagesbild-Signature. Subscribed at QoS 1 in a persistent session,
/// and acknowledged only after the event is stored (or refused for good), so that the broker delivers again
/// what a crash left unacknowledged.
/// </summary>
public sealed class MqttIngest(IServiceScopeFactory scopes, IOptions<MqttOptions> options, ILogger<MqttIngest> log) : BackgroundService
{
    public const string TopicFilter = "lagesbild/sensors/+/events";
    public const string SignatureProperty = "X-Lagesbild-Signature";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.Host))
            return;
        var factory = new MqttClientFactory();
        using var client = factory.CreateMqttClient();
        var reconnect = false;
        client.ApplicationMessageReceivedAsync += async e =>
        {
            e.AutoAcknowledge = false;
            if (await HandleAsync(e.ApplicationMessage, stoppingToken))
                await e.AcknowledgeAsync(stoppingToken);
            else
                reconnect = true; // the broker resends unacknowledged messages when the session is resumed
        };
        var connect = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Host, settings.Port)
            .WithClientId(settings.ClientId)
            .WithCleanSession(false)
            .WithSessionExpiryInterval(7 * 24 * 3600)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500);
        if (!string.IsNullOrEmpty(settings.UserName))
            connect = connect.WithCredentials(settings.UserName, settings.Password);
        var connectOptions = connect.Build();
        var subscribe = factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(TopicFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (reconnect && client.IsConnected)
                {
                    reconnect = false;
                    await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), stoppingToken);
                }
                if (!client.IsConnected)
                {
                    await client.ConnectAsync(connectOptions, stoppingToken);
                    await client.SubscribeAsync(subscribe, stoppingToken);
                    log.LogInformation("Subscribed to {Topic} on {Host}:{Port}.", TopicFilter, settings.Host, settings.Port);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("The MQTT broker at {Host}:{Port} is not reachable: {Error}", settings.Host, settings.Port, e.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        if (client.IsConnected)
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
    }

    /// <summary>Handles one message; true when it may be acknowledged (stored, or refused for good).</summary>
    private async Task<bool> HandleAsync(MqttApplicationMessage message, CancellationToken ct)
    {
        try
        {
            var body = message.Payload.ToArray();
            var signature = message.UserProperties?.FirstOrDefault(p => p.Name == SignatureProperty) is { } property
                ? System.Text.Encoding.UTF8.GetString(property.ValueBuffer.ToArray())
                : null;
            var topicSensor = message.Topic.Split('/') is [_, _, var id, _] ? id : null;
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<EventIngest>().IngestAsync(body, signature, ct, topicSensor);
            if (result is not IngestResult.Stored)
                log.LogWarning("An MQTT event on {Topic} was refused: {Result}", message.Topic, result);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not acknowledged: the worker resumes the session, and the broker delivers it again.
            log.LogError(e, "An MQTT event on {Topic} could not be stored; it will be delivered again after reconnecting.", message.Topic);
            return false;
        }
    }
}
