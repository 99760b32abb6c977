import BorderGeometry

extension BorderWorld {
    /// How far (metres) the two territories may overlap or fall short of the line: a file
    /// written with 7 decimals of a degree (about 1 cm) tiles well within it.
    static let tilingTolerance = 0.5

    /// Why the two territories do not tile the corridor along the line, or nil when they do.
    ///
    /// Every place, crossing and incursion is judged by which territory covers a point, so an
    /// overlap (two states at once) or a gap along the line (no state) would give wrong
    /// answers silently. Checked: the overlap's area, and the length of the line farther than
    /// the tolerance from each territory.
    func tilingProblem() throws(GeometryError) -> String? {
        let a = territories[0]
        let b = territories[1]
        let tolerance = Self.tilingTolerance
        let overlap = try a.area.intersection(b.area).area()
        if overlap > tolerance * tolerance {
            return "the territories of \(a.state) and \(b.state) overlap over \(roundedText(overlap, 3)) m²; "
                + "they must meet along the border line and not overlap"
        }
        for t in [a, b] {
            let uncovered = try line.difference(t.area.buffer(tolerance, quadrantSegments: 2)).length()
            if uncovered > tolerance {
                return "\(roundedText(uncovered, 3)) m of the border line lie more than \(tolerance) m from the "
                    + "territory of \(t.state): there is a gap between the territories; both must reach the line"
            }
        }
        return nil
    }
}
