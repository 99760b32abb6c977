import BorderSim

/// Reads `holds:`, whom a fence or a barrier unit holds, into the affiliations it holds
/// (`FenceSpec.holds`, `UnitSpec.holds`): `migrants` and state ids, each that state's officers.
/// A unit is held when its affiliation is in the set.
///
///     holds: [migrants, foreign-officers]   # or one word alone: holds: all
///
/// Words: `all` (migrants and every state's officers), `migrants`, `officers` (every state's),
/// a state id (its officers), `foreign-officers` and `own-officers` (relative to the owner:
/// the fence's `state`, the barrier's state).
struct HoldsReader {
    /// The border's state ids.
    let states: [String]
    /// Whose fence or barrier it is, for `foreign-officers` and `own-officers`; nil: unknown.
    let owner: String?
    /// What holds, for messages: "fence" or "barrier".
    let what: String
    /// How to hold nobody, for the message of an empty list.
    let nobodyHint: String
    /// How to give the owner, for the message of `own-`/`foreign-officers` without one.
    let ownerHint: String

    static let words = ["all", "migrants", "officers", "foreign-officers", "own-officers"]

    func read(_ v: YAMLValue) throws(ScenarioError) -> Set<String> {
        let options = Self.words + states
        // One word alone stands for a list of it, so a sweep grid (one scalar per value) can vary it.
        let items =
            v.isList || v.isMapping
            ? try v.list("a list of whom the \(what) holds, from " + options.joined(separator: ", ")) : [v]
        guard !items.isEmpty else {
            throw v.error(.invalidValue, "expected at least one of " + options.joined(separator: ", ") + nobodyHint)
        }
        var held = Set<String>()
        var seen = Set<String>()
        for item in items {
            let word = try item.choice(options)
            guard seen.insert(word).inserted else { throw item.error(.invalidValue, "'\(word)' is listed twice") }
            switch word {
            case "all": held.formUnion(states + ["migrants"])
            case "migrants": held.insert("migrants")
            case "officers": held.formUnion(states)
            case "foreign-officers", "own-officers":
                guard let owner else {
                    throw item.error(.missingKey, "'\(word)' needs the \(what)'s state: " + ownerHint, found: nil)
                }
                held.formUnion(word == "own-officers" ? [owner] : states.filter { $0 != owner })
            default: held.insert(word)
            }
        }
        return held
    }
}
