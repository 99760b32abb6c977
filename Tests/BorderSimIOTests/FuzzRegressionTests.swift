import Foundation
import Testing

@testable import BorderSimIO

/// Inputs that crashed or hung a loader, each kept in `Fixtures/fuzz/` (where scripts/fuzz.sh
/// also takes them as seeds) with the located error it must now give. docs/fuzzing.md lists
/// how each was found and fixed.
@Suite("Fuzz regressions: inputs that once crashed or hung the loaders")
struct FuzzRegressionTests {
    static func error(_ fixture: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ScenarioError {
        let path = try LoaderFixtures.path("fuzz/" + fixture)
        return try #require(throws: ScenarioError.self, sourceLocation: sourceLocation) {
            try ScenarioLoader.load(path: path)
        }
    }

    /// `crs: "+proj=tmerc +k=1e308"` trapped in CoordinateTransform (Illegal instruction):
    /// PROJ returns infinities with errno 0, and its error string for 0 is NULL.
    @Test func aCRSWhoseScaleOverflowsIsAnErrorAtTheCRS() throws {
        let e = try Self.error("crs-scale-overflow.yaml")
        #expect(e.kind == .invalidValue && e.keyPath == "world.crs" && (e.line, e.column) == (7, 8))
        #expect(
            e.message.contains("cannot transform lon/lat to CRS '+proj=tmerc +k=1e308'")
                && e.message.contains("a coordinate came out infinite or not a number"))
    }

    /// A shift at "08:00:9223372036854775807" trapped on integer overflow in UnitReader:
    /// the seconds were added to the hours and minutes before their range was checked.
    @Test func aShiftWithHugeSecondsIsAnErrorAtTheShift() throws {
        let e = try Self.error("shift-seconds-overflow.yaml")
        #expect(e.kind == .invalidValue && e.keyPath == "units[0].shifts[0].from" && (e.line, e.column) == (17, 21))
        #expect(e.message.contains("expected a time of day from 00:00 to 24:00"))
    }

    /// A unit of 10,000 members timed out (over 30 s) building the run: the core places a
    /// cluster's members in time quadratic in their number, and up to 1,000,000 was accepted.
    @Test func aUnitOfMoreThan2000MembersIsAnErrorAtItsSize() throws {
        let e = try Self.error("unit-of-10000.yaml")
        #expect(e.kind == .invalidValue && e.keyPath == "units[0].size" && (e.line, e.column) == (14, 11))
        #expect(
            e.message.contains("a whole number of members from 1 to 2000")
                && e.message.contains("split a larger crowd into several units"))
    }

    /// The same cost spread over units: six of 2,000 (and a few kilobytes of them would take
    /// minutes). All units together have at most 10,000 people.
    @Test func unitsOfMoreThan10000PeopleInAllAreAnErrorAtTheUnitThatTakesThemOver() throws {
        let e = try Self.error("units-of-12000-people.yaml")
        #expect(e.kind == .invalidValue && e.keyPath == "units[5].size" && e.line == 17)
        #expect(e.message.contains("at most 10000 people in all units; with this unit there are 12000"))
    }
}
