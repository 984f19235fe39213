namespace Lagesbild.Core.Tests.Analysis;

/// <summary>
/// The brute-force reference: every pair compared (O(n²)), then scikit-learn's own expansion order (a stack
/// from each unlabelled core point in index order), written independently of the grid and union-find code.
/// </summary>
internal static class ClusteringReference
{
    public static int[] Labels(double[] x, double[] y, double[]? t, double eps, double epsSeconds, int minPoints)
    {
        var n = x.Length;
        var neighbours = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            neighbours[i] = [];
            for (var j = 0; j < n; j++)
            {
                var dx = x[i] - x[j];
                var dy = y[i] - y[j];
                var nearInTime = t is null || Math.Abs(t[i] - t[j]) <= epsSeconds;
                if (dx * dx + dy * dy <= eps * eps && nearInTime)
                    neighbours[i].Add(j);
            }
        }
        var core = neighbours.Select(list => list.Count >= minPoints).ToArray();
        var labels = Enumerable.Repeat(-1, n).ToArray();
        var next = 0;
        var stack = new Stack<int>();
        for (var start = 0; start < n; start++)
        {
            if (labels[start] != -1 || !core[start])
                continue;
            var i = start;
            while (true)
            {
                if (labels[i] == -1)
                {
                    labels[i] = next;
                    if (core[i])
                    {
                        foreach (var v in neighbours[i].Where(v => labels[v] == -1))
                            stack.Push(v);
                    }
                }
                if (stack.Count == 0)
                    break;
                i = stack.Pop();
            }
            next++;
        }
        return labels;
    }
}
