/// Which declared name a misspelt one most likely meant, for errors that can say "did you mean …?".
public enum Spelling {
    /// The accepted name a misspelling most likely meant: at most two edits away (and at most half its letters),
    /// the nearest one, none when two are equally near.
    public static func closest(to name: String, among accepted: [String]) -> String? {
        // Only names a person could have mistyped, and only candidates of about the same length: the name comes from
        // the caller and may be 256 KiB of junk, and the table below is its length times the candidate's.
        guard name.utf8.count <= 64 else { return nil }
        let lowered = name.lowercased()
        let scored = accepted.filter { abs($0.count - name.count) <= 2 }.map { ($0, editDistance(lowered, $0.lowercased())) }
            .filter { $0.1 <= min(2, $0.0.count / 2) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), scored.filter({ $0.1 == best.1 }).count == 1 else { return nil }
        return best.0
    }

    /// A caller's name cut to 40 characters for an error message, rather than echo a megabyte back.
    public static func shortened(_ name: String) -> String { name.count > 40 ? String(name.prefix(40)) + "…" : name }

    /// Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment), so that
    /// `domian` is one edit from `domain`.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1) }
            }
        }
        return table[a.count][b.count]
    }
}
