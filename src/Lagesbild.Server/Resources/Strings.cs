[assembly: Microsoft.Extensions.Localization.RootNamespace("Lagesbild.Server")]

namespace Lagesbild.Server;

/// <summary>The UI's texts: Strings.resx is Swedish (the default), Strings.en.resx English.</summary>
public sealed class Strings;
