/// Did-you-mean suggestions for mistyped commands and options.
enum Suggestions {
    /// The candidate closest to `input`, or `nil` when none is close enough to be a
    /// plausible typo.
    ///
    /// A candidate qualifies when its edit distance is at most a third of its length (at
    /// least 1, at most 2), or when `input` (3+ characters) is a prefix of exactly one
    /// candidate. Thresholds this tight keep `-x` from suggesting `--io`. Ties go to the
    /// earlier candidate, so declaration order decides.
    static func closest(to input: String, among candidates: [String]) -> String? {
        let lowered = input.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            let allowed = min(2, max(1, candidate.count / 3))
            if distance <= allowed, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        if let best { return best.candidate }
        let prefixed = candidates.filter { $0.lowercased().hasPrefix(lowered) }
        return lowered.count >= 3 && prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Levenshtein distance: the fewest single-character insertions, deletions and
    /// substitutions that turn `a` into `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
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
}
