/// "Did you mean …?" for misspelt keys, units and names.
///
/// A candidate is suggested when it is the same word up to case, `_`, `-`, `/` and spaces
/// (`speedVariation` → `speed_variation`, `kmh` → `km/h`), or within a small edit distance of the
/// written word: 1 for words of up to 4 letters, 2 for longer ones. Ties go to the
/// first candidate in the list, so the answer does not depend on hashing.
func nearestName(to written: String, in candidates: [String]) -> String? {
    func folded(_ s: String) -> String { s.lowercased().filter { !"_-/ ".contains($0) } }
    let key = folded(written)
    if let same = candidates.first(where: { folded($0) == key }) { return same }
    let limit = written.count <= 4 ? 1 : 2
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let d = editDistance(written.lowercased(), candidate.lowercased())
        if d <= limit, d < (best?.distance ?? .max) { best = (candidate, d) }
    }
    return best?.name
}

/// Levenshtein distance: insertions, deletions and substitutions of characters.
/// - Complexity: O(m·n) time, O(n) memory.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
