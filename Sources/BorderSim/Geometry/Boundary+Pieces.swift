import BorderGeometry

extension Boundary {
    /// Lines cut into short pieces and indexed, with each piece's vertices, so a move is
    /// intersected only with the segments near it rather than with the whole line.
    struct Pieces {
        let index: SpatialIndex
        let vertices: [[Coordinate]]
        /// Each piece's bounding box, (min, max).
        let boxes: [(Coordinate, Coordinate)]

        init(_ lines: GeometryValue, in context: GeometryContext) throws(GeometryError) {
            let cut = Boundary.cut(lines, every: 32)
            index = try SpatialIndex(cut.map { piece throws(GeometryError) in try context.make(piece) }, in: context)
            vertices = cut.map(\.allCoordinates)
            boxes = vertices.map { vs in
                (
                    Coordinate(x: vs.map(\.x).min() ?? 0, y: vs.map(\.y).min() ?? 0),
                    Coordinate(x: vs.map(\.x).max() ?? 0, y: vs.map(\.y).max() ?? 0)
                )
            }
        }
    }

    /// The line in runs of at most `every` segments; consecutive runs share a vertex.
    fileprivate static func cut(_ line: GeometryValue, every: Int) -> [GeometryValue] {
        let parts: [[Coordinate]]
        switch line {
        case .lineString(let cs): parts = [cs]
        case .multiLineString(let lines): parts = lines
        case .geometryCollection(let members): return members.flatMap { cut($0, every: every) }
        default: return [line]
        }
        var runs = [GeometryValue]()
        for part in parts where part.count >= 2 {
            var start = 0
            while start < part.count - 1 {
                let end = min(start + every, part.count - 1)
                runs.append(.lineString(Array(part[start...end])))
                start = end
            }
        }
        return runs
    }
}

extension GeometryValue {
    /// Every coordinate, in order, flattened.
    var allCoordinates: [Coordinate] {
        switch self {
        case .point(let c): [c]
        case .lineString(let cs), .multiPoint(let cs): cs
        case .polygon(let rings), .multiLineString(let rings): rings.flatMap { $0 }
        case .multiPolygon(let polys): polys.flatMap { $0.flatMap { $0 } }
        case .geometryCollection(let parts): parts.flatMap(\.allCoordinates)
        }
    }
}
