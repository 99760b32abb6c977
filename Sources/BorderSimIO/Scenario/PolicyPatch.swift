import BorderSim
import Foundation
import Yams

/// What a named policy changes in its scenario: a patch applied to the scenario's YAML tree
/// before it is resolved, so that one base scenario is compared across policies without
/// copying it (docs/scenario-format.md, "policies").
///
/// - `world:` keys replace the base's (`duration`, `tolerance`, …);
/// - `remove_units: [ids]` and `remove_zones: [names]` drop entries (applied first);
/// - `units:` entries are merged by `id`: the keys given replace the base unit's keys, a key
///   set to null (`~`) removes it, and an id the base does not have adds a unit at the end;
/// - `zones:`, `fences:` and `arrivals:` entries are merged by `name`, and `cameras:` by `id`,
///   in the same way (`{name: wire, enabled: true}` switches a fence on).
///
/// The patched tree keeps every node's mark, so an error in a value the policy wrote points
/// at the policy's own line and column, and `relocate` rewrites its key path to the policy's
/// (`policies.doubled-patrols.units[0].size`); an error the policy caused in the base's text
/// (a `follow` of a removed unit) keeps the base's position and says which policy was applied.
struct PolicyPatch {
    /// Names the patch in errors: "policy 'doubled-patrols'" or "grid point 'size=4'".
    let label: String
    var world: [Change] = []
    var removeUnits: [YAMLValue] = []
    var units: [Entry] = []
    var removeZones: [YAMLValue] = []
    var zones: [Entry] = []
    /// Fences and arrival flows by `name`, cameras by `id`: merged like units and zones.
    var fences: [Entry] = []
    var cameras: [Entry] = []
    var arrivals: [Entry] = []
    /// Grid settings may only change what exists: an unknown unit id is an error, not a new unit.
    var mustExist = false

    /// One key set to a value (null: removed).
    struct Change {
        let key: String
        let keyNode: Node
        let value: YAMLValue
    }

    /// A unit or zone to change (by its id or name) or, when the base has none of that name, to add.
    struct Entry {
        let id: String
        let idValue: YAMLValue
        let changes: [Change]
        /// The whole entry as written, added when the base has none of that name.
        let whole: YAMLValue?
    }

    static let keys = [
        "description", "world", "units", "remove_units", "zones", "remove_zones", "fences", "cameras",
        "arrivals",
    ]

    init(label: String) { self.label = label }

    /// Reads one policy block, `policies.<name>` (an empty block is the base unchanged).
    init(policy name: String, node v: YAMLValue) throws(ScenarioError) {
        label = "policy '\(name)'"
        if v.isNull { return }
        let m = try v.mapping("a policy: a mapping with any of " + Self.keys.joined(separator: ", "), keys: Self.keys)
        _ = try m["description"]?.string("free text")
        if let node = m["world"] {
            world = try Self.changes(node, except: nil, what: "a mapping of world keys to change, e.g. {duration: 2 h}")
        }
        units = try Self.entries(
            m["units"], named: "id", what: "units to change or add, e.g. [{id: lt-patrol, size: 4}]")
        zones = try Self.entries(
            m["zones"], named: "name", what: "zones to change or add, e.g. [{name: ditch, forbidden_to: [BY]}]")
        fences = try Self.entries(
            m["fences"], named: "name", what: "fences to change or add, e.g. [{name: salcininkai, enabled: true}]")
        cameras = try Self.entries(
            m["cameras"], named: "id", what: "cameras to change or add, e.g. [{id: ignalina-towers, enabled: false}]")
        arrivals = try Self.entries(
            m["arrivals"], named: "name", what: "arrival flows to change, e.g. [{name: group, people_per_day: 200}]")
        removeUnits = try m["remove_units"]?.list("a list of unit ids to remove, e.g. [lt-patrol-2]") ?? []
        removeZones = try m["remove_zones"]?.list("a list of zone names to remove, e.g. [ditch]") ?? []
    }

    /// The keys of a mapping as changes, except the identifying key.
    private static func changes(_ v: YAMLValue, except idKey: String?, what: String) throws(ScenarioError) -> [Change] {
        guard case .mapping(let mapping) = v.node else { throw v.error(.wrongType, "expected " + what) }
        var list = [Change]()
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode else {
                throw v.error(
                    .wrongType, "expected a key", found: v.child("?", keyNode).foundText, at: keyNode.mark,
                    path: v.path)
            }
            if key.string != idKey {
                list.append(Change(key: key.string, keyNode: keyNode, value: v.child(key.string, valueNode)))
            }
        }
        return list
    }

    /// The entries of a `units:` or `zones:` patch list, each a mapping with its identifying key.
    private static func entries(_ v: YAMLValue?, named key: String, what: String) throws(ScenarioError) -> [Entry] {
        guard let v else { return [] }
        var entries = [Entry]()
        for item in try v.list("a list of " + what) {
            guard item.isMapping else { throw item.error(.wrongType, "expected a mapping with '\(key)'") }
            guard let name = item.rawChild(key) else {
                throw item.error(
                    .missingKey,
                    "missing required key '\(key)': expected the \(key) of the entry to "
                        + "change or add", found: nil, at: item.node.mark, path: item.path + "." + key)
            }
            let id = try name.string("the \(key) of the entry to change or add")
            entries.append(
                Entry(
                    id: id, idValue: name, changes: try changes(item, except: key, what: "a mapping"),
                    whole: item))
        }
        return entries
    }

    /// A key path of the patched tree and the patch's value it came from.
    struct Origin {
        let path: String
        let value: YAMLValue
    }

    /// The scenario document with this patch applied, and where each patched value came from.
    func apply(to root: YAMLValue) throws(ScenarioError) -> (root: YAMLValue, origins: [Origin]) {
        guard case .mapping(let top) = root.node else { return (root, []) }
        var origins = [Origin]()
        var pairs = Array(top).map { (key: $0.key, value: $0.value) }
        func index(of key: String) -> Int? { pairs.firstIndex { $0.key.scalar?.string == key } }

        if !world.isEmpty {
            guard let w = index(of: "world"), case .mapping(let base) = pairs[w].value else {
                throw world[0].value.error(
                    .invalidValue, "the scenario has no world mapping for \(label) to change",
                    found: nil)
            }
            let merged = Self.merge(base, world, at: "world", origins: &origins)
            pairs[w].value = .mapping(merged)
        }
        try applyList("units", idKey: "id", removals: removeUnits, entries: units, to: &pairs, origins: &origins)
        try applyList("zones", idKey: "name", removals: removeZones, entries: zones, to: &pairs, origins: &origins)
        try applyList("fences", idKey: "name", removals: [], entries: fences, to: &pairs, origins: &origins)
        try applyList("cameras", idKey: "id", removals: [], entries: cameras, to: &pairs, origins: &origins)
        try applyList("arrivals", idKey: "name", removals: [], entries: arrivals, to: &pairs, origins: &origins)
        let mapping = Node.Mapping(pairs.map { ($0.key, $0.value) }, top.tag, top.style, top.mark)
        return (YAMLValue(node: .mapping(mapping), path: root.path, file: root.file), origins)
    }

    /// Removes, merges and appends the entries of the top-level list `key` (units or zones).
    private func applyList(
        _ key: String, idKey: String, removals: [YAMLValue], entries: [Entry],
        to pairs: inout [(key: Node, value: Node)], origins: inout [Origin]
    ) throws(ScenarioError) {
        guard !removals.isEmpty || !entries.isEmpty else { return }
        let what = String(key.dropLast())
        var position = pairs.firstIndex { $0.key.scalar?.string == key }
        var items: [Node]
        if let p = position {
            guard case .sequence(let sequence) = pairs[p].value else { return }  // the reader reports it
            items = Array(sequence)
        } else {
            items = []
            pairs.append((Node(key), Node([Node]())))
            position = pairs.count - 1
        }
        func name(of node: Node) -> String? {
            guard case .mapping(let m) = node else { return nil }
            return m.first { $0.key.scalar?.string == idKey }?.value.scalar?.string
        }
        for removal in removals {
            let id = try removal.string("the \(idKey) of a \(what) to remove")
            guard let i = items.firstIndex(where: { name(of: $0) == id }) else {
                throw unknown(id, at: removal, what: what, in: items.compactMap(name))
            }
            items.remove(at: i)
        }
        for entry in entries {
            if let i = items.firstIndex(where: { name(of: $0) == entry.id }), case .mapping(let base) = items[i] {
                items[i] = .mapping(Self.merge(base, entry.changes, at: "\(key)[\(i)]", origins: &origins))
            } else if mustExist || entry.whole == nil {
                throw unknown(entry.id, at: entry.idValue, what: what, in: items.compactMap(name))
            } else if let whole = entry.whole {
                origins.append(Origin(path: "\(key)[\(items.count)]", value: whole))
                items.append(whole.node)
            }
        }
        let old = pairs[position!].value.sequence
        pairs[position!].value = .sequence(Node.Sequence(items, old?.tag ?? .implicit, old?.style ?? .any, old?.mark))
    }

    private func unknown(_ id: String, at v: YAMLValue, what: String, in names: [String]) -> ScenarioError {
        let hint =
            nearestName(to: id, in: names).map { "did you mean '\($0)'?" }
            ?? "\(what)s: " + names.joined(separator: ", ")
        return v.error(.unknownName, "\(label) names no \(what) '\(id)' of the scenario; " + hint, found: nil)
    }

    /// `base` with each change's key set to its value (in place, or appended); a null value removes the key.
    private static func merge(
        _ base: Node.Mapping, _ changes: [Change], at path: String,
        origins: inout [Origin]
    ) -> Node.Mapping {
        var pairs = Array(base).map { (key: $0.key, value: $0.value) }
        for change in changes {
            let (key, keyNode, value) = (change.key, change.keyNode, change.value)
            let existing = pairs.firstIndex { $0.key.scalar?.string == key }
            if value.isNull {
                if let existing { pairs.remove(at: existing) }
                continue
            }
            origins.append(Origin(path: path + "." + key, value: value))
            if let existing { pairs[existing].value = value.node } else { pairs.append((keyNode, value.node)) }
        }
        return Node.Mapping(pairs.map { ($0.key, $0.value) }, base.tag, base.style, base.mark)
    }

    /// The error as the person who wrote the policy needs it: at the policy's key path when the
    /// value at fault came from the patch, else with the patch named in the message.
    static func relocate(_ error: ScenarioError, origins: [Origin], labels: [String]) -> ScenarioError {
        var e = error
        func within(_ path: String, _ prefix: String) -> Bool {
            guard path.hasPrefix(prefix) else { return false }
            let rest = path.dropFirst(prefix.count)
            return rest.isEmpty || rest.hasPrefix(".") || rest.hasPrefix("[")
        }
        if let o = origins.filter({ within(e.keyPath, $0.path) }).max(by: { $0.path.count < $1.path.count }) {
            e.keyPath = o.value.path + e.keyPath.dropFirst(o.path.count)
            e.file = o.value.file
        } else if !labels.isEmpty {
            e.message = "with " + labels.joined(separator: " and ") + ": " + e.message
        }
        return e
    }
}

extension ScenarioLoader {
    /// The policy name that stands for the scenario as written, without any patch.
    public static let basePolicy = "base"

    /// Loads a scenario file with one of its policies applied (nil or `base`: as written).
    public static func load(path: String, policy: String?) throws(ScenarioError) -> LoadedScenario {
        let data = try scenarioBytes(path)
        return try load(contents: data, path: displayName(path), policy: policy)
    }

    /// Loads a scenario from its bytes with one of its policies applied (nil or `base`: as written).
    public static func load(contents: Data, path: String, policy: String?) throws(ScenarioError) -> LoadedScenario {
        let root = try document(contents, path: path)
        var patches = [PolicyPatch]()
        if let policy, policy != basePolicy { patches.append(try policyPatch(policy, in: root)) }
        return try load(root: root, contents: contents, path: path, patches: patches)
    }

    /// The names of the policies a scenario declares under `policies:`, in the file's order.
    public static func policyNames(contents: Data, path: String) throws(ScenarioError) -> [String] {
        try policyBlocks(in: document(contents, path: path)).map(\.name)
    }

    /// The scenario's name in messages: its path, or `<stdin>` for `-`.
    public static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// The scenario file's bytes; `-` is standard input.
    static func scenarioBytes(_ path: String) throws(ScenarioError) -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.path
        do {
            return try readFile(resolved)
        } catch {
            throw ScenarioError(
                .fileNotFound, file: path,
                message: "cannot read the scenario file (resolved to "
                    + "\(resolved)): \(error.reason)")
        }
    }

    /// Applies `patches` in order to the document and resolves it; errors are relocated to the patch they come from.
    static func load(root: YAMLValue, contents: Data, path: String, patches: [PolicyPatch])
        throws(ScenarioError) -> LoadedScenario
    {
        var tree = root
        var origins = [PolicyPatch.Origin]()
        for patch in patches {
            let applied = try patch.apply(to: tree)
            tree = applied.root
            origins += applied.origins
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        var reader = DocumentReader(file: path, files: InputFiles(directory: directory))
        do {
            return try reader.read(tree, contents: contents)
        } catch {
            throw PolicyPatch.relocate(error, origins: origins, labels: patches.map(\.label))
        }
    }

    /// The `policies:` mapping's entries: each name with its block.
    static func policyBlocks(in root: YAMLValue) throws(ScenarioError) -> [(name: String, node: YAMLValue)] {
        guard let policies = root.rawChild("policies") else { return [] }
        guard case .mapping(let mapping) = policies.node else {
            throw policies.error(
                .wrongType,
                "expected a mapping of policy names to patches, e.g. "
                    + "{doubled-patrols: {units: [{id: lt-patrol, size: 4}]}}")
        }
        var blocks = [(name: String, node: YAMLValue)]()
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode, !key.string.isEmpty else {
                throw policies.error(
                    .wrongType, "expected a policy name", found: policies.child("?", keyNode).foundText,
                    at: keyNode.mark, path: policies.path)
            }
            guard key.string != basePolicy else {
                throw policies.error(
                    .invalidValue,
                    "'\(basePolicy)' names the scenario as written; give the policy "
                        + "another name", found: nil, at: keyNode.mark, path: policies.path + "." + basePolicy)
            }
            blocks.append((key.string, policies.child(key.string, valueNode)))
        }
        return blocks
    }

    /// The patch of the policy `name`; an unknown name is an error at the `policies:` block (or the file).
    static func policyPatch(_ name: String, in root: YAMLValue) throws(ScenarioError) -> PolicyPatch {
        let blocks = try policyBlocks(in: root)
        guard let block = blocks.first(where: { $0.name == name }) else {
            let names = blocks.map(\.name)
            let hint =
                names.isEmpty
                ? "the scenario declares no policies"
                : nearestName(to: name, in: names).map { "did you mean '\($0)'?" }
                    ?? "its policies: " + ([basePolicy] + names).joined(separator: ", ")
            // At the `policies` key itself, if there is one.
            let key = root.node.mapping?.first { $0.key.scalar?.string == "policies" }?.key.mark
            throw ScenarioError(
                .unknownName, file: root.file, line: key?.line, column: key?.column,
                keyPath: "policies", message: "no policy '\(name)' in this scenario; " + hint)
        }
        return try PolicyPatch(policy: name, node: block.node)
    }
}
