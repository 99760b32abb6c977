import Foundation
import Testing

@testable import BorderSim

/// docs/architecture.md lists the stages of a tick; the order is written once, in `Stage`.
@Suite("docs/architecture.md: the stages of a tick as the code has them")
struct ArchitectureDocTests {
    static let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/architecture.md")

    @Test func theDocumentedStagesAreStageInOrder() throws {
        let text = try String(contentsOf: Self.doc, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- stages -->"))
        let end = try #require(text.range(of: "<!-- /stages -->"))
        let listed = text[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line -> String? in
            guard let open = line.firstIndex(of: "`") else { return nil }
            let rest = line[line.index(after: open)...]
            return rest.firstIndex(of: "`").map { String(rest[..<$0]) }
        }
        #expect(listed == Stage.allCases.map(\.rawValue))
    }
}
