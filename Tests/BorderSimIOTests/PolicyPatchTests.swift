import BorderSim
import Foundation
import Testing

@testable import BorderSimIO

/// A scenario with policies on the fixture border (LT west, BY east of a straight line).
enum PolicyFixture {
    static let yaml = """
        version: 1
        name: Policy fixture
        world:
          geodata: ../geodata/test-border.geojson
          start: 2021-08-17T15:00:00+03:00
          step: 1 s
          duration: 10 min
          tolerance: 1 m
        zones:
          - name: ditch
            from_border: {from: km 1, to: km 2, width: 4 m}
            forbidden_to: [BY]
          - name: strip
            from_border: {from: km 1, to: km 2, width: 13 m, side: LT}
        units:
          - id: group-1
            kind: migrants
            size: 10
            start: {border_km: 1.5, offset: 300 m, side: BY}
            speed: 3 km/h
            speed_variation: 0.2
            orders:
              - go_to: {border_km: 1.5, offset: 500 m, side: LT}
          - id: lt-patrol
            kind: officers
            state: LT
            size: 2
            start: {border_km: 1.0, offset: 100 m, side: LT}
            speed: 4 km/h
            detection_range: 150 m
            speed_variation: 0.2
            orders:
              - follow_route:
                  along_border: {from: km 0.8, to: km 2.2, offset: 100 m, side: LT}
                  mode: back-and-forth
              - push_back: {beyond: 50 m}
                when: {detects: migrants}
          - id: by-escort
            kind: officers
            state: BY
            size: 3
            start: {border_km: 1.5, offset: 320 m, side: BY}
            speed: 3 km/h
            orders:
              - follow: {unit: group-1, distance: 20 m}
        policies:
          baseline: {}
          doubled:
            description: twice the guards, and a second patrol
            units:
              - id: lt-patrol
                size: 4
              - id: lt-patrol-2
                kind: officers
                state: LT
                size: 2
                start: {border_km: 2.0, offset: 100 m, side: LT}
                speed: 4 km/h
          quiet:
            remove_units: [by-escort]
            remove_zones: [strip]
            zones:
              - name: ditch
                forbidden_to: [BY, migrants]
            world:
              duration: 20 min
              tolerance: ~
            units:
              - id: group-1
                speed_variation: ~
        """

    static func load(_ yaml: String = yaml, policy: String?) throws -> LoadedScenario {
        try ScenarioLoader.load(contents: Data(yaml.utf8), path: LoaderFixtures.inlinePath, policy: policy)
    }

    static func error(_ yaml: String = yaml, policy: String?, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> ScenarioError
    {
        try #require(throws: ScenarioError.self, sourceLocation: sourceLocation) { try load(yaml, policy: policy) }
    }

    /// 1-based line of the first line containing `text`, and the column where it starts there.
    static func position(of text: String, in yaml: String = yaml, after marker: String? = nil) -> (Int, Int)? {
        let lines = yaml.components(separatedBy: "\n")
        var start = 0
        if let marker, let m = lines.firstIndex(where: { $0.contains(marker) }) { start = m }
        for i in start..<lines.count {
            if let r = lines[i].range(of: text) {
                return (i + 1, lines[i].distance(from: lines[i].startIndex, to: r.lowerBound) + 1)
            }
        }
        return nil
    }
}

@Suite("Policies: patches applied to a scenario before it is resolved")
struct PolicyPatchTests {
    func unit(_ s: Scenario, _ id: String) -> UnitSpec? { s.units.first { $0.id == id } }

    @Test func withoutAPolicyTheScenarioIsAsWritten() throws {
        let base = try PolicyFixture.load(policy: nil)
        let same = try PolicyFixture.load(policy: "base")
        let empty = try PolicyFixture.load(policy: "baseline")
        for loaded in [base, same, empty] {
            #expect(loaded.scenario.units.map(\.id) == ["group-1", "lt-patrol", "by-escort"])
            #expect(loaded.scenario.units == base.scenario.units)
            #expect(loaded.scenario.zones.map(\.name) == ["ditch", "strip"])
        }
        // The plain loader ignores the policies block, and the file's bytes are kept whole.
        let plain = try ScenarioLoader.load(contents: Data(PolicyFixture.yaml.utf8), path: LoaderFixtures.inlinePath)
        #expect(plain.scenario.units == base.scenario.units)
        #expect(empty.contents == Data(PolicyFixture.yaml.utf8))
        #expect(
            try ScenarioLoader.policyNames(contents: Data(PolicyFixture.yaml.utf8), path: "x.yaml")
                == ["baseline", "doubled", "quiet"])
    }

    @Test func unitsAreMergedByIdAndNewIdsAdded() throws {
        let base = try PolicyFixture.load(policy: nil).scenario
        let doubled = try PolicyFixture.load(policy: "doubled").scenario
        #expect(doubled.units.map(\.id) == ["group-1", "lt-patrol", "by-escort", "lt-patrol-2"])
        let patrol = try #require(unit(doubled, "lt-patrol"))
        let before = try #require(unit(base, "lt-patrol"))
        #expect(patrol.size == 4)
        // Every key the policy does not give is the base unit's.
        var same = patrol
        same.size = before.size
        #expect(same == before)
        #expect(unit(doubled, "group-1") == unit(base, "group-1"))
        let added = try #require(unit(doubled, "lt-patrol-2"))
        #expect(added.affiliation == "LT" && added.size == 2 && added.role == "patrol")
    }

    @Test func removalsZonesWorldKeysAndNullsThatRestoreDefaults() throws {
        let base = try PolicyFixture.load(policy: nil).scenario
        let quiet = try PolicyFixture.load(policy: "quiet").scenario
        #expect(quiet.units.map(\.id) == ["group-1", "lt-patrol"])
        #expect(quiet.zones.map(\.name) == ["ditch"])
        #expect(quiet.zones[0].forbiddenTo == ["BY", "migrants"])
        #expect(quiet.zones[0].area == base.zones[0].area)
        #expect(quiet.clock.ticks == 1200 && base.clock.ticks == 600)
        #expect(base.tolerance == 1 && quiet.tolerance == 0)
        #expect(unit(base, "group-1")?.speedVariation == 0.2 && unit(quiet, "group-1")?.speedVariation == 0.1)
    }

    @Test func anUnknownPolicyIsNamedWithTheNearestOne() throws {
        let e = try PolicyFixture.error(policy: "dobled")
        #expect(e.kind == .unknownName)
        #expect(e.description.contains("no policy 'dobled'") && e.description.contains("did you mean 'doubled'?"))
        let (line, _) = try #require(PolicyFixture.position(of: "policies:"))
        #expect(e.line == line)
    }

    @Test func anErrorInAPolicysValueIsAtThePolicysLineWithItsKeyPath() throws {
        let yaml = PolicyFixture.yaml.replacingOccurrences(of: "size: 4", with: "size: four")
        let e = try PolicyFixture.error(yaml, policy: "doubled")
        let (line, column) = try #require(PolicyFixture.position(of: "four", in: yaml))
        #expect(e.line == line && e.column == column)
        #expect(e.keyPath == "policies.doubled.units[0].size")
        #expect(
            e.description.hasPrefix(
                "\(try LoaderFixtures.inlinePath):\(line):\(column): policies.doubled.units[0].size: "))
    }

    @Test func anUnknownKeyInAnAddedUnitIsAtThePolicysKey() throws {
        let yaml = PolicyFixture.yaml.replacingOccurrences(
            of: "        speed: 4 km/h\n  quiet:",
            with: "        sped: 4 km/h\n  quiet:")
        #expect(yaml != PolicyFixture.yaml)
        let e = try PolicyFixture.error(yaml, policy: "doubled")
        #expect(e.kind == .unknownKey)
        #expect(e.keyPath == "policies.doubled.units[1].sped")
        let (line, column) = try #require(PolicyFixture.position(of: "sped:", in: yaml))
        #expect(e.line == line && e.column == column)
    }

    @Test func removingAnUnknownUnitSuggestsTheNearestId() throws {
        let yaml = PolicyFixture.yaml.replacingOccurrences(
            of: "remove_units: [by-escort]", with: "remove_units: [by-escrt]")
        let e = try PolicyFixture.error(yaml, policy: "quiet")
        #expect(e.kind == .unknownName && e.keyPath == "policies.quiet.remove_units[0]")
        #expect(
            e.description.contains("policy 'quiet' names no unit 'by-escrt'") && e.description.contains("'by-escort'"))
        let (line, column) = try #require(PolicyFixture.position(of: "by-escrt", in: yaml))
        #expect(e.line == line && e.column == column)
    }

    @Test func anErrorThePolicyCausesInTheBaseNamesThePolicy() throws {
        // Removing the group leaves the escort following a unit that is not there.
        let yaml = PolicyFixture.yaml.replacingOccurrences(
            of: "remove_units: [by-escort]", with: "remove_units: [group-1]"
        )
        .replacingOccurrences(of: "    units:\n      - id: group-1\n        speed_variation: ~", with: "")
        #expect(!yaml.contains("speed_variation: ~"))
        let e = try PolicyFixture.error(yaml, policy: "quiet")
        #expect(e.kind == .unknownName)
        #expect(e.keyPath == "units[1].orders[0].follow.unit")
        #expect(e.message.hasPrefix("with policy 'quiet': no unit 'group-1'"))
        // At the base's line, where the follow is written.
        let (line, _) = try #require(PolicyFixture.position(of: "follow: {unit: group-1", in: yaml))
        #expect(e.line == line)
    }

    @Test func malformedPolicyBlocksAreRefused() throws {
        let notAMapping = PolicyFixture.yaml.replacingOccurrences(of: "  baseline: {}", with: "  baseline: [x]")
        #expect(try PolicyFixture.error(notAMapping, policy: "baseline").kind == .wrongType)
        let unknownKey = PolicyFixture.yaml.replacingOccurrences(of: "    remove_zones:", with: "    remove_zone:")
        let e = try PolicyFixture.error(unknownKey, policy: "quiet")
        #expect(e.kind == .unknownKey && e.keyPath == "policies.quiet.remove_zone")
        #expect(e.description.contains("did you mean 'remove_zones'?"))
        let reserved = PolicyFixture.yaml.replacingOccurrences(of: "  baseline: {}", with: "  base: {}")
        #expect(try PolicyFixture.error(reserved, policy: "doubled").kind == .invalidValue)
        let noID = PolicyFixture.yaml.replacingOccurrences(
            of: "      - id: lt-patrol\n        size: 4", with: "      - size: 4")
        let missing = try PolicyFixture.error(noID, policy: "doubled")
        #expect(missing.kind == .missingKey && missing.keyPath == "policies.doubled.units[0].id")
    }

    /// YAML aliases nested nine deep stand for 10⁹ nodes in a few hundred bytes (a "billion
    /// laughs"). Wherever a policy puts them, the loader must refuse at the first node of the
    /// wrong shape, without expanding them (into an error message's "found …", say).
    @Test(arguments: ["description", "units", "zones", "world"])
    func anAliasBombInAPolicyIsRefusedAtOnce(_ key: String) throws {
        // One list of the nine levels, each anchored, each made of ten of the one before.
        var levels = ["&l0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            levels.append("&l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let yaml = PolicyFixture.yaml + "\n  bomb:\n    \(key): [\(levels.joined(separator: ", "))]\n"
        let clock = ContinuousClock()
        let started = clock.now
        let e = try PolicyFixture.error(yaml, policy: "bomb")
        #expect(clock.now - started < .seconds(5))
        #expect(e.keyPath.hasPrefix("policies.bomb"), "\(e)")
        #expect(e.description.utf8.count < 1_000, "\(e.description.prefix(300))")
    }
}
