import BorderGeometry

extension GeodataSummary {
    /// `bordersim geodata --where LON,LAT` read: WGS 84 degrees, longitude first. A problem is a
    /// located error, `source:1:COLUMN` with the column (in characters) of the part at fault:
    /// two values are needed, each a decimal number (no `nan`, `inf` or hexadecimal), in range.
    public static func lonLat(_ text: String, source: String = "--where") throws(ScenarioError) -> Coordinate {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw ScenarioError(
                .invalidValue, file: source, line: 1, column: 1,
                message: "expected LON,LAT: two numbers in degrees, longitude first, separated by a "
                    + "comma, e.g. 25.8467,54.1436",
                found: "\(parts.count) value\(parts.count == 1 ? "" : "s") in \"\(text)\"")
        }
        var values = [Double]()
        var column = 1
        for (part, (name, limit, example)) in zip(
            parts, [("longitude", 180.0, "25.8467"), ("latitude", 90.0, "54.1436")])
        {
            let lead = part.unicodeScalars.prefix { $0 == " " }.count
            let value = part.trimmingCharacters(in: .whitespaces)
            let at = column + lead
            column += part.unicodeScalars.count + 1
            guard let number = decimal(value) else {
                throw ScenarioError(
                    .invalidValue, file: source, line: 1, column: at,
                    message: "expected the \(name) as a decimal number of degrees, e.g. \(example)",
                    found: "\"\(value)\"")
            }
            guard (-limit...limit).contains(number) else {
                throw ScenarioError(
                    .outOfRange, file: source, line: 1, column: at,
                    message: "expected a \(name) between -\(Int(limit)) and \(Int(limit)) degrees"
                        + (name == "longitude" ? " (longitude comes first)" : ""),
                    found: "\"\(value)\"")
            }
            values.append(number)
        }
        return Coordinate(x: values[0], y: values[1])
    }

    /// A decimal number as people write one, `-25.8`, `54`, `2e1`: not Swift's wider reading
    /// (hexadecimal, `nan`, `inf`).
    private static func decimal(_ text: String) -> Double? {
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) }),
            let number = Double(text), number.isFinite
        else { return nil }
        return number
    }

    /// Whether a located point is in the corridor of this border (in a territory, or on the line).
    public static func isInCorridor(_ location: Location) -> Bool {
        location.state != nil || location.distanceFromLine < 0.001
    }

    /// The error when `lonLat` lies in none of the borders' corridors: each line's distance, and
    /// whether lon and lat look swapped.
    public static func outsideEvery(_ summaries: [GeodataSummary], _ lonLat: Coordinate, source: String = "--where")
        -> ScenarioError
    {
        let away = summaries.map { s in
            s.border.id + " "
                + ((try? s.locate(lonLat)).map { formatDistance($0.distanceFromLine) }
                    ?? "too far to transform into \(s.border.metricCRS)")
        }
        var hint = "; a point must lie in a border's corridor (its two territories in the geodata) to have a km mark"
        let swapped = Coordinate(x: lonLat.y, y: lonLat.x)
        if (-90...90).contains(lonLat.x),
            summaries.contains(where: { (try? $0.locate(swapped)).map(Self.isInCorridor) == true })
        {
            hint = "; did you swap lon and lat? (longitude comes first)"
        }
        return ScenarioError(
            .outsideCorridor, file: source, line: 1, column: 1,
            message: "the point (lon \(lonLat.x), lat \(lonLat.y)) is outside the corridor of every "
                + "border given (distance from each line: " + away.joined(separator: ", ") + ")" + hint)
    }
}
