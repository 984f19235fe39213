using Lagesbild.Bench;
using Lagesbild.Bench.Alarms;

// lagesbild-bench-alarms baseline --urls URL --data DIR
//     the peer: a hub plus one SQLite insert per event, no outbox
// lagesbild-bench-alarms load --target product|baseline --url URL [--rates 20,200,2000] [--seconds 60] [--out FILE]
//     sets up 300 sites and 150 guards on the target, connects the guards' consoles and sends signed events
return args.FirstOrDefault() switch
{
    "baseline" => await BaselineServer.RunAsync(Options.Parse(args[1..])),
    "load" => await LoadRun.RunAsync(Options.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: lagesbild-bench-alarms baseline --urls URL --data DIR | load --target product|baseline --url URL [--rates 20,200,2000] [--seconds 60] [--out FILE]");
    return 2;
}
