namespace Lagesbild.Core.Alarms.Dc09;

/// <summary>An encrypted frame that does not decrypt to a DC-09 message with the key given.</summary>
public sealed class Dc09Exception(string message) : Exception(message);
