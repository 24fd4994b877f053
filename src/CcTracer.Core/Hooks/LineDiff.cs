namespace CcTracer.Hooks;

/// <summary>
/// Myers' O((N+M)D) line diff with a bounded edit distance, rendered as unified-diff hunks.
/// </summary>
internal static class LineDiff
{
    /// <summary>Past this many lines on either side a line diff is not attempted.</summary>
    internal const int MaxLines = 100_000;

    /// <summary>
    /// Past this many differing lines the search stops: its trace memory grows with the square of the
    /// distance, and a diff that large is read as "everything changed" anyway.
    /// </summary>
    internal const int MaxEditDistance = 2_000;

    private const int Context = 3;

    internal enum Op : byte
    {
        Equal,
        Delete,
        Insert,
    }

    internal readonly record struct Hunk(int OldStart, int OldCount, int NewStart, int NewCount, List<(Op Op, string Line)> Lines);

    /// <summary>Splits text into lines that keep their <c>\n</c>, so a missing final newline is a difference.</summary>
    public static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var nl = text.IndexOf('\n', start);
            if (nl < 0)
            {
                lines.Add(text[start..]);
                break;
            }

            lines.Add(text[start..(nl + 1)]);
            start = nl + 1;
        }

        return lines;
    }

    /// <summary>The edit script from <paramref name="a"/> to <paramref name="b"/>, deletions before insertions in each change.</summary>
    /// <param name="a">The old lines.</param>
    /// <param name="b">The new lines.</param>
    /// <param name="wholeReplacement">Set when the inputs were too big and the script is "delete all, insert all".</param>
    public static List<Op> Compute(IReadOnlyList<string> a, IReadOnlyList<string> b, out bool wholeReplacement)
    {
        wholeReplacement = false;
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && string.Equals(a[prefix], b[prefix], StringComparison.Ordinal))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix
            && string.Equals(a[a.Count - 1 - suffix], b[b.Count - 1 - suffix], StringComparison.Ordinal))
        {
            suffix++;
        }

        var n = a.Count - prefix - suffix;
        var m = b.Count - prefix - suffix;
        List<Op>? middle = null;
        if (n <= MaxLines && m <= MaxLines)
        {
            // Compare small ints, not strings, inside the O(ND) loop.
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var x = new int[n];
            var y = new int[m];
            for (var i = 0; i < n; i++)
            {
                x[i] = Intern(ids, a[prefix + i]);
            }

            for (var j = 0; j < m; j++)
            {
                y[j] = Intern(ids, b[prefix + j]);
            }

            middle = Myers(x, y);
        }

        if (middle is null)
        {
            wholeReplacement = true;
            middle = new List<Op>(n + m);
            middle.AddRange(Enumerable.Repeat(Op.Delete, n));
            middle.AddRange(Enumerable.Repeat(Op.Insert, m));
        }

        var ops = new List<Op>(prefix + middle.Count + suffix);
        ops.AddRange(Enumerable.Repeat(Op.Equal, prefix));
        ops.AddRange(middle);
        ops.AddRange(Enumerable.Repeat(Op.Equal, suffix));
        return ops;
    }

    /// <summary>Groups an edit script into hunks with <see cref="Context"/> lines of context.</summary>
    public static List<Hunk> Hunks(IReadOnlyList<string> a, IReadOnlyList<string> b, List<Op> ops)
    {
        // Positions in a and b before each op, so a hunk's start lines are a lookup.
        var oldPos = new int[ops.Count + 1];
        var newPos = new int[ops.Count + 1];
        for (var i = 0; i < ops.Count; i++)
        {
            oldPos[i + 1] = oldPos[i] + (ops[i] == Op.Insert ? 0 : 1);
            newPos[i + 1] = newPos[i] + (ops[i] == Op.Delete ? 0 : 1);
        }

        var hunks = new List<Hunk>();
        var k = 0;
        while (k < ops.Count)
        {
            if (ops[k] == Op.Equal)
            {
                k++;
                continue;
            }

            var first = k;
            var lastChange = k;
            var scan = k + 1;
            while (scan < ops.Count)
            {
                if (ops[scan] != Op.Equal)
                {
                    lastChange = scan;
                }
                else if (scan - lastChange > 2 * Context)
                {
                    break;
                }

                scan++;
            }

            var start = Math.Max(0, first - Context);
            var end = Math.Min(ops.Count, lastChange + 1 + Context);
            var lines = new List<(Op, string)>(end - start);
            for (var i = start; i < end; i++)
            {
                lines.Add((ops[i], ops[i] == Op.Insert ? b[newPos[i]] : a[oldPos[i]]));
            }

            var oldCount = oldPos[end] - oldPos[start];
            var newCount = newPos[end] - newPos[start];
            // Unified-diff convention: an empty range names the line before it (0 at the top of the file).
            hunks.Add(new Hunk(
                oldCount == 0 ? oldPos[start] : oldPos[start] + 1,
                oldCount,
                newCount == 0 ? newPos[start] : newPos[start] + 1,
                newCount,
                lines));
            k = end;
        }

        return hunks;
    }

    private static int Intern(Dictionary<string, int> ids, string line)
    {
        if (!ids.TryGetValue(line, out var id))
        {
            id = ids.Count;
            ids.Add(line, id);
        }

        return id;
    }

    /// <summary>Myers' greedy shortest edit script; <see langword="null"/> past <see cref="MaxEditDistance"/>.</summary>
    private static List<Op>? Myers(int[] a, int[] b)
    {
        var n = a.Length;
        var m = b.Length;
        if (n == 0 || m == 0)
        {
            var trivial = new List<Op>(n + m);
            trivial.AddRange(Enumerable.Repeat(Op.Delete, n));
            trivial.AddRange(Enumerable.Repeat(Op.Insert, m));
            return trivial;
        }

        var maxD = Math.Min(n + m, MaxEditDistance);
        var offset = maxD + 1;
        var v = new int[2 * maxD + 3];
        var trace = new List<int[]>();
        var found = -1;
        for (var d = 0; d <= maxD && found < 0; d++)
        {
            // Snapshot the diagonals step d reads from, for the backtrack.
            var snapshot = new int[2 * d + 3];
            Array.Copy(v, offset - d - 1, snapshot, 0, snapshot.Length);
            trace.Add(snapshot);
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                    ? v[offset + k + 1]
                    : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    found = d;
                    break;
                }
            }
        }

        if (found < 0)
        {
            return null;
        }

        var reversed = new List<Op>(n + m);
        int cx = n, cy = m;
        for (var d = found; d > 0; d--)
        {
            var snap = trace[d];
            int At(int k) => snap[k + d + 1];
            var k = cx - cy;
            var prevK = k == -d || (k != d && At(k - 1) < At(k + 1)) ? k + 1 : k - 1;
            var prevX = At(prevK);
            var prevY = prevX - prevK;
            while (cx > prevX && cy > prevY)
            {
                reversed.Add(Op.Equal);
                cx--;
                cy--;
            }

            reversed.Add(cx == prevX ? Op.Insert : Op.Delete);
            cx = prevX;
            cy = prevY;
        }

        while (cx > 0 && cy > 0)
        {
            reversed.Add(Op.Equal);
            cx--;
            cy--;
        }

        reversed.Reverse();
        return GroupChanges(reversed);
    }

    /// <summary>Within each run of changes, deletions first: the order readers of git diffs expect.</summary>
    private static List<Op> GroupChanges(List<Op> ops)
    {
        var result = new List<Op>(ops.Count);
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i] == Op.Equal)
            {
                result.Add(Op.Equal);
                i++;
                continue;
            }

            int deletes = 0, inserts = 0;
            while (i < ops.Count && ops[i] != Op.Equal)
            {
                if (ops[i] == Op.Delete)
                {
                    deletes++;
                }
                else
                {
                    inserts++;
                }

                i++;
            }

            result.AddRange(Enumerable.Repeat(Op.Delete, deletes));
            result.AddRange(Enumerable.Repeat(Op.Insert, inserts));
        }

        return result;
    }
}
