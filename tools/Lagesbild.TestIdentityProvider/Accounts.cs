using System.Text.Json;

namespace Lagesbild.TestIdentityProvider;

/// <summary>The provider's clients and users, from a JSON file (users.json beside the program unless --users names another).</summary>
public sealed record Accounts(IReadOnlyList<Client> Clients, IReadOnlyList<TestUser> Users)
{
    public static Accounts Load(string path) =>
        JsonSerializer.Deserialize<Accounts>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{path} holds no clients and users.");

    public Client? ClientOf(string? clientId) => Clients.FirstOrDefault(c => c.ClientId == clientId);

    public TestUser? UserOf(string? name) => Users.FirstOrDefault(u => u.Name == name);
}

/// <summary>A relying party: its secret, and the callback path it may be sent back to on any loopback port (RFC 8252, 7.3).</summary>
public sealed record Client(string ClientId, string ClientSecret, string RedirectPath)
{
    public bool Accepts(string? redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttp
        && uri.IsLoopback
        && uri.AbsolutePath == RedirectPath
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment);
}

/// <summary>
/// A user who signs in by typing the name. A flaw makes the token endpoint answer an ID token that a relying party
/// must refuse: "expired", "wrong-issuer", "wrong-audience", "wrong-nonce", "bad-signature"; "none" answers a
/// hand-made token with no flaw, which shows that the hand-made path itself is accepted.
/// </summary>
public sealed record TestUser(string Name, string DisplayName, string Email, IReadOnlyList<string> Groups, string? Flaw = null)
{
    public string Subject => $"sub-{Name}";
}
