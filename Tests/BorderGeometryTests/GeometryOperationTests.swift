import Foundation
import Testing

@testable import BorderGeometry

@Suite("GEOS operations against known answers")
struct GeometryOperationTests {
    let ctx = GeometryContext()

    func g(_ wkt: String) throws -> Geometry { try ctx.geometry(wkt: wkt) }

    @Test func pointInPolygonDistinguishesContainsAndCovers() throws {
        let square = try g("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
        #expect(try square.contains(g("POINT (5 5)")))
        #expect(try !square.contains(g("POINT (11 5)")))
        // A boundary point is covered but not contained.
        #expect(try !square.contains(g("POINT (10 5)")))
        #expect(try square.covers(g("POINT (10 5)")))
        #expect(try square.intersects(g("POINT (10 5)")))
    }

    @Test func crossesAndTouches() throws {
        let line = try g("LINESTRING (0 0, 10 0)")
        #expect(try g("LINESTRING (5 -1, 5 1)").crosses(line))
        #expect(try !g("LINESTRING (5 0, 5 1)").crosses(line))
        #expect(try g("LINESTRING (5 0, 5 1)").touches(line))
    }

    @Test func segmentIntersectionAndOrientation() throws {
        let c = { (x: Double, y: Double) in Coordinate(x: x, y: y) }
        #expect(try ctx.segmentIntersection(c(0, 0), c(2, 2), c(0, 2), c(2, 0)) == c(1, 1))
        // Touching at an end, missing, and parallel.
        #expect(try ctx.segmentIntersection(c(0, 0), c(2, 0), c(2, 0), c(2, 5)) == c(2, 0))
        #expect(try ctx.segmentIntersection(c(0, 0), c(2, 0), c(3, -1), c(3, 1)) == nil)
        #expect(try ctx.segmentIntersection(c(0, 0), c(2, 0), c(0, 1), c(2, 1)) == nil)
        #expect(try ctx.orientation(c(0, 0), c(10, 0), c(5, 1)) == 1)
        #expect(try ctx.orientation(c(0, 0), c(10, 0), c(5, -1)) == -1)
        #expect(try ctx.orientation(c(0, 0), c(10, 0), c(20, 0)) == 0)
    }

    @Test func distanceAndNearestPoints() throws {
        let line = try g("LINESTRING (0 0, 10 0)")
        let p = try g("POINT (3 4)")
        #expect(try p.distance(to: line) == 4)
        #expect(try g("POINT (13 4)").distance(to: line) == 5)
        let (a, b) = try p.nearestPoints(to: line)
        #expect(a == Coordinate(x: 3, y: 4))
        #expect(b == Coordinate(x: 3, y: 0))
    }

    @Test func bufferAreaApproachesTheCircle() throws {
        let disc = try g("POINT (0 0)").buffer(10, quadrantSegments: 64)
        let area = try disc.area()
        // A 256-gon inscribed in the circle: area = n/2 r² sin(2π/n).
        let expected = 128.0 * 100 * sin(2 * Double.pi / 256)
        #expect(abs(area - expected) < 1e-9)
        #expect(area < Double.pi * 100)
        // A flat-ended buffer of a 10-long line by 2 is exactly a 10 × 4 rectangle.
        #expect(try g("LINESTRING (0 0, 10 0)").flatBuffer(2).area() == 40)
    }

    @Test func offsetCurveIsParallelOnTheLeftForPositiveDistance() throws {
        let left = try g("LINESTRING (0 0, 10 0)").offsetCurve(3)
        #expect(left.value == .lineString([Coordinate(x: 0, y: 3), Coordinate(x: 10, y: 3)]))
        let right = try g("LINESTRING (0 0, 10 0)").offsetCurve(-3)
        #expect(try right.distance(to: g("POINT (5 -3)")) < 1e-12)
    }

    @Test func overlayOperations() throws {
        let a = try g("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))")
        let b = try g("POLYGON ((2 0, 6 0, 6 4, 2 4, 2 0))")
        #expect(try a.intersection(b).area() == 8)
        #expect(try a.difference(b).area() == 8)
        #expect(try a.union(b).area() == 24)
        #expect(try ctx.make(.geometryCollection([a.value, b.value])).unaryUnion().area() == 24)
        #expect(try a.intersection(g("POLYGON ((10 10, 11 10, 11 11, 10 10))")).isEmpty)
    }

    @Test func linearReferencingAlongAKnownLine() throws {
        // An L-shaped line of length 7: 3 east, then 4 north.
        let line = try g("LINESTRING (0 0, 3 0, 3 4)")
        #expect(try line.length() == 7)
        #expect(try line.project(g("POINT (1 -2)")) == 1)
        #expect(try line.project(g("POINT (5 2)")) == 5)
        #expect(try line.interpolate(5) == Coordinate(x: 3, y: 2))
        #expect(try line.interpolate(99) == Coordinate(x: 3, y: 4))  // clamped
        let part = try line.substring(from: 2, to: 5)
        #expect(part.value == .lineString([Coordinate(x: 2, y: 0), Coordinate(x: 3, y: 0), Coordinate(x: 3, y: 2)]))
        #expect(try line.substring(from: 5, to: 2).length() == 3)
        // Left of the first leg (eastward) is north; of the second (northward), west; at the
        // corner, the mean of the two.
        #expect(try line.leftNormal(atDistance: 1) == Coordinate(x: 0, y: 1))
        #expect(try line.leftNormal(atDistance: 5) == Coordinate(x: -1, y: 0))
        let corner = try line.leftNormal(atDistance: 3)
        #expect(abs(corner.x + 0.5.squareRoot()) < 1e-12 && abs(corner.y - 0.5.squareRoot()) < 1e-12)
    }

    @Test func validityReasonAndMakeValid() throws {
        let bowtie = try g("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))")
        #expect(try !bowtie.isValid())
        #expect(try bowtie.validityReason().hasPrefix("Self-intersection"))
        let fixed = try bowtie.makeValid()
        #expect(try fixed.isValid())
        #expect(try fixed.area() == 2)
        #expect(try g("POINT (1 1)").validityReason() == "Valid Geometry")
    }

    @Test func simplifyDropsSmallWiggles() throws {
        let line = try g("LINESTRING (0 0, 1 0.01, 2 0, 3 0.01, 4 0)")
        let s = try line.simplify(tolerance: 0.1)
        #expect(s.value == .lineString([Coordinate(x: 0, y: 0), Coordinate(x: 4, y: 0)]))
    }

    @Test func geometriesFromTwoContextsAreRefused() throws {
        let other = GeometryContext()
        let p = try other.geometry(wkt: "POINT (0 0)")
        #expect(throws: GeometryError.self) { _ = try g("POINT (1 1)").distance(to: p) }
    }

    @Test func preparedGeometryAgreesWithPlainPredicates() throws {
        let poly = try g("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
        let prepared = try PreparedGeometry(poly)
        for wkt in [
            "POINT (5 5)", "POINT (10 5)", "POINT (11 5)", "LINESTRING (5 5, 15 5)", "LINESTRING (11 0, 11 10)",
        ] {
            let other = try g(wkt)
            #expect(try prepared.contains(other) == poly.contains(other), "\(wkt)")
            #expect(try prepared.covers(other) == poly.covers(other), "\(wkt)")
            #expect(try prepared.intersects(other) == poly.intersects(other), "\(wkt)")
            #expect(try prepared.distance(to: other) == poly.distance(to: other), "\(wkt)")
        }
        #expect(try prepared.nearestPoints(to: g("POINT (12 5)")).0 == Coordinate(x: 10, y: 5))
    }

    @Test func spatialIndexFindsCandidatesAndNearest() throws {
        let boxes = try (0..<10).map { i in
            try g("POLYGON ((\(i * 10) 0, \(i * 10 + 5) 0, \(i * 10 + 5) 5, \(i * 10) 5, \(i * 10) 0))")
        }
        let index = try SpatialIndex(boxes, in: ctx)
        #expect(try index.items(intersecting: g("LINESTRING (12 2, 33 2)")) == [1, 2, 3])
        #expect(index.candidates(intersecting: try g("POINT (100 100)")).isEmpty)
        #expect(try index.nearest(to: g("POINT (71 -3)")) == 7)
    }
}
