import Testing

@testable import BorderGeometry

@Suite("Ownership and concurrency")
struct ResourceTests {
    @Test func everyGeometryIsFreedExactlyOnce() throws {
        let ctx = GeometryContext()
        do {
            let poly = try ctx.geometry(wkt: "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
            let prepared = try PreparedGeometry(poly)
            // Parts handed to a parent collection are owned by it, not freed separately.
            let multi = try ctx.make(
                .multiPolygon([
                    [[Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1)]],
                    [[Coordinate(x: 5, y: 5), Coordinate(x: 6, y: 5), Coordinate(x: 6, y: 6)]],
                ]))
            _ = try poly.buffer(1).union(multi).difference(poly)
            _ = try prepared.intersects(ctx.point(Coordinate(x: 1, y: 1)))
            let index = try SpatialIndex([poly, multi], in: ctx)
            _ = try index.nearest(to: ctx.point(Coordinate(x: 20, y: 20)))
            #expect(ctx.liveObjects > 0)
        }
        #expect(ctx.liveObjects == 0)
    }

    @Test func failedCreationLeaksNothing() {
        let ctx = GeometryContext()
        // A one-point line inside a collection is rejected after its siblings were built.
        #expect(throws: GeometryError.self) {
            _ = try ctx.make(
                .multiLineString([[Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 1)], [Coordinate(x: 2, y: 2)]]))
        }
        #expect(ctx.liveObjects == 0)
    }

    @Test func contextsOnConcurrentTasksGiveIdenticalAnswers() async throws {
        func work() throws -> [Double] {
            let ctx = GeometryContext()
            let line = try ctx.geometry(wkt: "LINESTRING (0 0, 100 0, 100 100, 0 100)")
            let prepared = try PreparedGeometry(line.buffer(5))
            return try (0..<200).map { i in
                let p = try ctx.point(Coordinate(x: Double(i) * 0.7, y: Double(i % 13) * 3.1))
                return try line.distance(to: p) + (prepared.contains(p) ? 1000 : 0) + line.project(p)
            }
        }
        let reference = try work()
        let results = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 { group.addTask { try work() } }
            return try await group.reduce(into: [[Double]]()) { $0.append($1) }
        }
        #expect(results.count == 8)
        for r in results { #expect(r == reference) }
    }
}
