import BorderGeometry
import Foundation

/// `bordersim map`: a static SVG picture of a run (the whole run, or the state at one instant),
/// in the run's simulation CRS (EPSG:3346 for the Lithuanian scenarios) through PROJ, with the
/// geometries clipped to the picture by GEOS. A PNG is the SVG converted by `rsvg-convert`.
///
/// The root element carries its georeference: `data-crs`, `data-x0`, `data-y0` (the CRS
/// coordinates of the map area's top-left corner), `data-scale` (pixels per metre) and
/// `data-top` (the map area's offset from the top of the picture): a point (E, N) is drawn at
/// x = (E − x0)·scale, y = top + (y0 − N)·scale. Every person drawn at the instant carries
/// `data-person`. Numbers are written with fixed decimals; the same folder gives the same bytes.
public enum MapPicture {
    public enum Extent: Sendable, Equatable {
        /// Every recorded position of every person.
        case people
        /// WGS 84 longitude/latitude bounds.
        case bbox(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double)
        /// Every recorded position of one unit's members.
        case around(unit: String)
    }

    public static let width = 1200.0

    /// Parses `--bbox minlon,minlat,maxlon,maxlat`.
    public static func bbox(_ text: String) throws(ViewError) -> Extent {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let a = parts[0], let b = parts[1], let c = parts[2], let d = parts[3],
            a < c, b < d, (-180...180).contains(a), (-180...180).contains(c), (-90...90).contains(b),
            (-90...90).contains(d)
        else {
            throw .invalidOptions(
                "--bbox: expected minlon,minlat,maxlon,maxlat in degrees (WGS 84), min < max; found \"\(text)\"")
        }
        return .bbox(minLon: a, minLat: b, maxLon: c, maxLat: d)
    }

    public static func svg(_ analysis: RunAnalysis, at: Double?, extent: Extent = .people) throws(ViewError) -> [UInt8]
    {
        let run = analysis.run
        // Extent in metres.
        var box: (minX: Double, minY: Double, maxX: Double, maxY: Double)
        func bounds(_ cs: [Coordinate]) -> (Double, Double, Double, Double)? {
            guard !cs.isEmpty else { return nil }
            return (cs.map(\.x).min()!, cs.map(\.y).min()!, cs.map(\.x).max()!, cs.map(\.y).max()!)
        }
        switch extent {
        case .people:
            let all = analysis.metricTracks.flatMap { $0 }
            if let b = bounds(all) {
                box = b
            } else {
                var territory = [Coordinate]()
                for t in run.territories { territory += try analysis.metric(t.geometry).allCoordinates }
                guard let b = bounds(territory) else {
                    throw .invalidOptions("nothing to draw: no tracks and no territories")
                }
                box = b
            }
        case .bbox(let a, let b, let c, let d):
            let corners = try analysis.metric([
                Coordinate(x: a, y: b), Coordinate(x: c, y: b), Coordinate(x: a, y: d),
                Coordinate(x: c, y: d),
            ])
            box = bounds(corners)!
        case .around(let unit):
            // With an instant, where the unit was from a minute before it to a minute after.
            var cs = [Coordinate]()
            for i in run.tracks.indices where run.tracks[i].unit == unit {
                for (j, t) in run.tracks[i].times.enumerated() where at.map({ abs(t - $0) <= 60 }) ?? true {
                    cs.append(analysis.metricTracks[i][j])
                }
            }
            guard let b = bounds(cs) else {
                let known = run.units.map(\.id).joined(separator: ", ")
                throw .invalidOptions("--around: no unit '\(unit)' in this run; its units are: \(known)")
            }
            box = b
        }
        if case .bbox = extent {
        } else {
            let margin = max(25, 0.15 * max(box.maxX - box.minX, box.maxY - box.minY))
            box = (box.minX - margin, box.minY - margin, box.maxX + margin, box.maxY + margin)
        }
        // Aspect between 1:2 and 4:5 (height:width), widened around the centre to fit.
        var dx = box.maxX - box.minX
        var dy = box.maxY - box.minY
        let cx = (box.minX + box.maxX) / 2
        let cy = (box.minY + box.maxY) / 2
        if dy / dx < 0.5 { dy = dx * 0.5 } else if dy / dx > 0.8 { dx = dy / 0.8 }
        box = (cx - dx / 2, cy - dy / 2, cx + dx / 2, cy + dy / 2)
        let scale = width / dx
        let top = 58.0
        let mapHeight = (dy * scale).rounded()
        let height = top + mapHeight
        let x0 = box.minX
        let y0 = box.maxY

        var s = [UInt8]()
        func add(_ t: String) { s.append(contentsOf: t.utf8) }
        func n(_ v: Double, _ d: Int = 1) -> String { SweepWriter.fixed(v, d) }
        func px(_ c: Coordinate) -> (Double, Double) { ((c.x - x0) * scale, top + (y0 - c.y) * scale) }
        func pathData(_ rings: [[Coordinate]], close: Bool) -> String {
            var d = ""
            for ring in rings where !ring.isEmpty {
                for (i, c) in ring.enumerated() {
                    let p = px(c)
                    d += (i == 0 ? (d.isEmpty ? "M" : " M") : " L") + n(p.0) + " " + n(p.1)
                }
                if close { d += " Z" }
            }
            return d
        }
        func geometryPath(_ g: GeometryValue) -> (String, Bool) {
            switch g {
            case .polygon(let rings): return (pathData(rings, close: true), true)
            case .multiPolygon(let polys): return (pathData(polys.flatMap { $0 }, close: true), true)
            case .lineString(let cs): return (pathData([cs], close: false), false)
            case .multiLineString(let ls): return (pathData(ls, close: false), false)
            case .geometryCollection(let parts):
                let each = parts.map(geometryPath).filter { !$0.0.isEmpty }
                return (each.map(\.0).joined(separator: " "), each.contains { $0.1 })
            case .point, .multiPoint: return ("", false)
            }
        }
        // Clip to the picture (5 % beyond it) with GEOS.
        let geos = GeometryContext()
        let pad = 0.05 * dx
        let clip: Geometry
        do {
            clip = try geos.polygon([
                Coordinate(x: box.minX - pad, y: box.minY - pad), Coordinate(x: box.maxX + pad, y: box.minY - pad),
                Coordinate(x: box.maxX + pad, y: box.maxY + pad), Coordinate(x: box.minX - pad, y: box.maxY + pad),
                Coordinate(x: box.minX - pad, y: box.minY - pad),
            ])
        } catch { throw .invalidOptions("cannot build the picture's frame: \(error)") }
        func clipped(_ g: GeometryValue) throws(ViewError) -> GeometryValue? {
            let m = try analysis.metric(g)
            do {
                let r = try geos.make(m).intersection(clip)
                return r.isEmpty ? nil : r.value
            } catch { return m }
        }

        let stateFill = ["#f4ecd0", "#dfead6", "#e6ddee", "#dde8ef"]
        let units = run.units
        let colour = Dictionary(zip(units.map(\.id), ViewerWriter.colours(units)), uniquingKeysWith: { a, _ in a })
        add("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        add(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width, 0))\" height=\"\(n(height, 0))\" "
                + "viewBox=\"0 0 \(n(width, 0)) \(n(height, 0))\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" "
                + "data-crs=\"\(analysis.crs)\" data-x0=\"\(n(x0, 3))\" data-y0=\"\(n(y0, 3))\" data-scale=\"\(n(scale, 6))\" "
                + "data-top=\"\(n(top, 0))\">\n")
        add("<title>\(esc(run.scenario))</title>\n")
        add(
            "<defs><clipPath id=\"map\"><rect x=\"0\" y=\"\(n(top, 0))\" width=\"\(n(width, 0))\" height=\"\(n(mapHeight, 0))\"/></clipPath></defs>\n"
        )
        add("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
        add(
            "<g clip-path=\"url(#map)\">\n<rect x=\"0\" y=\"\(n(top, 0))\" width=\"\(n(width, 0))\" height=\"\(n(mapHeight, 0))\" fill=\"#e8eef2\"/>\n"
        )
        let stateIndex = Dictionary(analysis.states.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let order = ["territory", "camera", "zone", "fence", "fence-gap", "frame-line"]
        for kind in order {
            for f in run.features where f.kind == kind {
                guard let g = try clipped(f.geometry) else { continue }
                let (d, area) = geometryPath(g)
                guard !d.isEmpty else { continue }
                let style: String
                switch kind {
                case "territory":
                    style = "fill=\"\(stateFill[(stateIndex[f.state ?? ""] ?? 0) % stateFill.count])\" stroke=\"none\""
                case "camera": style = "fill=\"#7e57c2\" fill-opacity=\"0.08\" stroke=\"#7e57c2\" stroke-width=\"1\""
                case "zone":
                    style =
                        f.forbiddenTo.isEmpty
                        ? "fill=\"#b0bec5\" fill-opacity=\"0.3\" stroke=\"#78909c\" stroke-width=\"0.8\""
                        : "fill=\"#8d6e63\" fill-opacity=\"0.5\" stroke=\"#6d4c41\" stroke-width=\"0.8\""
                case "fence": style = "fill=\"none\" stroke=\"#3e2723\" stroke-width=\"3\""
                case "fence-gap": style = "fill=\"none\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-dasharray=\"2 3\""
                default:
                    style =
                        f.name == "mapped"
                        ? "fill=\"none\" stroke=\"#000000\" stroke-width=\"2.5\""
                        : "fill=\"none\" stroke=\"#455a64\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\""
                }
                add(
                    "<path data-kind=\"\(esc(kind))\" data-name=\"\(esc(f.name))\" \(style)\(area ? " fill-rule=\"evenodd\"" : "") d=\"\(d)\"/>\n"
                )
            }
        }
        // Tracks (up to the instant), incursions, events, people.
        for (i, track) in run.tracks.enumerated() {
            var cs = [Coordinate]()
            for (j, t) in track.times.enumerated() where at == nil || t <= at! {
                cs.append(analysis.metricTracks[i][j])
            }
            if let at, let p = position(analysis, i, at) { cs.append(p) }
            guard cs.count >= 2 else { continue }
            add(
                "<path fill=\"none\" stroke=\"\(colour[track.unit] ?? "#555")\" stroke-width=\"1.2\" stroke-opacity=\"0.55\" d=\"\(pathData([cs], close: false))\"/>\n"
            )
        }
        for inc in run.incursions where at == nil || inc.entry <= at! {
            let cs = try analysis.metric(inc.line)
            add(
                "<path data-incursion=\"\(esc(inc.person))\" fill=\"none\" stroke=\"\(inc.isZone ? "#ff6f00" : "#d50000")\" stroke-width=\"\(inc.beyondTolerance ? 5 : 3)\" stroke-opacity=\"0.85\" stroke-linecap=\"round\" d=\"\(pathData([cs], close: false))\"/>\n"
            )
        }
        let minor: Set<String> = ["zone_entry", "zone_exit", "incursion_end", "appearance", "departure"]
        let shown = run.events.filter { !minor.contains($0.kind) && (at == nil || $0.t <= at!) }
        let eventPoints = try analysis.metric(shown.map(\.point))
        for (e, c) in zip(shown, eventPoints) {
            let p = px(c)
            add(
                "<circle data-event=\"\(esc(e.kind))\" cx=\"\(n(p.0))\" cy=\"\(n(p.1))\" r=\"3\" fill=\"\(eventColour(e.kind))\" stroke=\"#222222\" stroke-width=\"0.8\"/>\n"
            )
        }
        var counts = [String: [String: Int]]()
        if let at {
            counts = analysis.countsOnSoil(at: at)
            for (i, track) in run.tracks.enumerated() {
                guard let c = position(analysis, i, at) else { continue }
                let p = px(c)
                let fill = colour[track.unit] ?? "#555"
                let across = run.incursions.contains {
                    $0.person == track.person && !$0.isZone && $0.entry <= at && ($0.exit ?? .infinity) >= at
                }
                let attrs = "data-person=\"\(esc(track.person))\" data-e=\"\(n(c.x, 3))\" data-n=\"\(n(c.y, 3))\""
                if RunAnalysis.group(track) == "migrants" {
                    add(
                        "<circle \(attrs) cx=\"\(n(p.0))\" cy=\"\(n(p.1))\" r=\"4\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n"
                    )
                } else {
                    add(
                        "<rect \(attrs) x=\"\(n(p.0 - 4.5))\" y=\"\(n(p.1 - 4.5))\" width=\"9\" height=\"9\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n"
                    )
                }
                if across {
                    add(
                        "<circle cx=\"\(n(p.0))\" cy=\"\(n(p.1))\" r=\"8.5\" fill=\"none\" stroke=\"#d50000\" stroke-width=\"2\"/>\n"
                    )
                }
            }
        }
        add("</g>\n")

        // Title and the instant's counts.
        let when =
            at.map { "at " + run.start.dateAndTime($0) + " " + run.start.offsetText }
            ?? "whole run, " + run.start.dateAndTime(0) + " to " + run.start.dateAndTime(run.seconds) + " "
            + run.start.offsetText
        add("<text x=\"10\" y=\"22\" font-size=\"17\" font-weight=\"bold\">\(esc(run.scenario))</text>\n")
        var sub = when
        if at != nil {
            let parts = analysis.states.map { s -> String in
                let g = counts[s.id] ?? [:]
                let list = g.keys.sorted().map { "\(g[$0]!) \($0)" }.joined(separator: ", ")
                return "in \(s.name): \(list.isEmpty ? "nobody" : list)"
            }
            sub += " · " + parts.joined(separator: " · ")
        }
        add("<text x=\"10\" y=\"45\" font-size=\"13\">\(esc(sub))</text>\n")

        // Scale bar: a round length near a fifth of the width.
        let target = dx / 5
        let magnitude = pow(10, floor(log10(target)))
        let length = [1.0, 2, 5, 10].map { $0 * magnitude }.last { $0 <= target } ?? magnitude
        let barPx = length * scale
        let bx = width - 20 - barPx
        let by = height - 22
        add(
            "<g data-scale-bar=\"\(n(length, 0)) m\"><rect x=\"\(n(bx - 8))\" y=\"\(n(by - 20))\" width=\"\(n(barPx + 16))\" height=\"32\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>"
                + "<rect x=\"\(n(bx))\" y=\"\(n(by))\" width=\"\(n(barPx / 2))\" height=\"5\" fill=\"#000000\"/>"
                + "<rect x=\"\(n(bx + barPx / 2))\" y=\"\(n(by))\" width=\"\(n(barPx / 2))\" height=\"5\" fill=\"#ffffff\" stroke=\"#000000\" stroke-width=\"1\"/>"
                + "<text x=\"\(n(bx + barPx / 2))\" y=\"\(n(by - 6))\" font-size=\"12\" text-anchor=\"middle\">\(length >= 1000 ? n(length / 1000, length.truncatingRemainder(dividingBy: 1000) == 0 ? 0 : 1) + " km" : n(length, 0) + " m")</text></g>\n"
        )
        // North arrow: the direction of true north at the picture's centre, from PROJ.
        let centre = try analysis.lonLat(Coordinate(x: cx, y: cy))
        let north = try analysis.metric([centre, Coordinate(x: centre.x, y: centre.y + 0.001)])
        let angle = atan2(north[1].x - north[0].x, north[1].y - north[0].y) * 180 / .pi
        let ax = width - 34
        let ay = top + 40
        add(
            "<g data-north=\"\(n(angle, 2))\" transform=\"translate(\(n(ax)) \(n(ay))) rotate(\(n(angle, 2)))\">"
                + "<circle r=\"22\" fill=\"#ffffff\" fill-opacity=\"0.85\"/><path d=\"M0 -18 L9 12 L0 6 L-9 12 Z\" fill=\"#222222\"/>"
                + "<text y=\"-4\" font-size=\"10\" text-anchor=\"middle\" fill=\"#ffffff\" font-weight=\"bold\">N</text></g>\n"
        )

        // Legend.
        var rows: [(String, String)] = analysis.states.enumerated().map { i, s in
            (
                "<rect width=\"14\" height=\"10\" fill=\"\(stateFill[i % stateFill.count])\" stroke=\"#999999\"/>",
                "\(s.name) (\(s.id))"
            )
        }
        rows.append(("<path d=\"M0 5 H16\" stroke=\"#000000\" stroke-width=\"2.5\"/>", "mapped border"))
        if run.features.contains(where: { $0.kind == "frame-line" && $0.name != "mapped" }) {
            rows.append(
                (
                    "<path d=\"M0 5 H16\" stroke=\"#455a64\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
                    "claimed line"
                ))
        }
        for z in run.features where z.kind == "zone" {
            rows.append(
                z.forbiddenTo.isEmpty
                    ? (
                        "<rect width=\"14\" height=\"10\" fill=\"#b0bec5\" fill-opacity=\"0.5\" stroke=\"#78909c\"/>",
                        "zone '\(z.name)'"
                    )
                    : (
                        "<rect width=\"14\" height=\"10\" fill=\"#8d6e63\" fill-opacity=\"0.5\"/>",
                        "zone '\(z.name)', forbidden to \(z.forbiddenTo.joined(separator: ", "))"
                    ))
        }
        if run.features.contains(where: { $0.kind == "fence" }) {
            rows.append(("<path d=\"M0 5 H16\" stroke=\"#3e2723\" stroke-width=\"3\"/>", "fence"))
        }
        if run.features.contains(where: { $0.kind == "camera" }) {
            rows.append(
                (
                    "<rect width=\"14\" height=\"10\" fill=\"#7e57c2\" fill-opacity=\"0.2\" stroke=\"#7e57c2\"/>",
                    "camera coverage"
                ))
        }
        var kinds = [String]()
        for e in shown where !kinds.contains(e.kind) { kinds.append(e.kind) }
        for k in kinds.prefix(8) {
            rows.append(
                (
                    "<circle cx=\"7\" cy=\"5\" r=\"3.5\" fill=\"\(eventColour(k))\" stroke=\"#222222\" stroke-width=\"0.8\"/>",
                    "event: " + k.replacingOccurrences(of: "_", with: " ")
                ))
        }
        if !run.incursions.isEmpty {
            rows.append(
                ("<path d=\"M0 5 H16\" stroke=\"#d50000\" stroke-width=\"4\"/>", "incursion: entry to deepest point"))
        }
        func mark(_ kind: String, _ c: String) -> String {
            kind == "migrants"
                ? "<circle cx=\"7\" cy=\"5\" r=\"4\" fill=\"\(c)\"/>"
                : "<rect x=\"2\" y=\"0.5\" width=\"9\" height=\"9\" fill=\"\(c)\"/>"
        }
        let unitColours = ViewerWriter.colours(units)
        if units.count <= 12 {
            for (u, c) in zip(units, unitColours) {
                rows.append((mark(u.kind, c), "\(u.id): \(u.affiliation) \(u.role), \(u.members)"))
            }
        } else {
            // Many units (a season's migrant groups): one row per affiliation and role.
            var order = [String]()
            var groups = [String: (kind: String, colour: String, units: Int, members: Int)]()
            for (u, c) in zip(units, unitColours) {
                let key = "\(u.affiliation) \(u.role)"
                if groups[key] == nil {
                    order.append(key)
                    groups[key] = (u.kind, c, 0, 0)
                }
                groups[key]!.units += 1
                groups[key]!.members += u.members
            }
            for key in order {
                let g = groups[key]!
                rows.append((mark(g.kind, g.colour), "\(key): \(g.units) units, \(g.members) people (shades per unit)"))
            }
        }
        let lh = 16.0
        let lx = 10.0
        let ly = height - 10 - lh * Double(rows.count) - 8
        let lw = 20 + 7.2 * Double(rows.map(\.1.count).max() ?? 10)
        add(
            "<g data-legend=\"\"><rect x=\"\(n(lx))\" y=\"\(n(ly))\" width=\"\(n(lw))\" height=\"\(n(lh * Double(rows.count) + 8))\" fill=\"#ffffff\" fill-opacity=\"0.88\" stroke=\"#999999\"/>\n"
        )
        for (i, r) in rows.enumerated() {
            let y = ly + 6 + lh * Double(i)
            add(
                "<g transform=\"translate(\(n(lx + 6)) \(n(y + 2)))\">\(r.0)</g><text x=\"\(n(lx + 26))\" y=\"\(n(y + 11))\" font-size=\"11\">\(esc(r.1))</text>\n"
            )
        }
        add("</g>\n")
        add(
            "<text x=\"\(n(width - 10))\" y=\"\(n(top - 6))\" font-size=\"10\" text-anchor=\"end\" fill=\"#555555\">\(esc(analysis.crs)) · bordersim · seed \(run.seed)</text>\n"
        )
        add("</svg>\n")
        return s
    }

    /// Track `i`'s position at `t` in metres, interpolated between recorded vertices; nil outside its span.
    static func position(_ analysis: RunAnalysis, _ i: Int, _ t: Double) -> Coordinate? {
        let ts = analysis.run.tracks[i].times
        let cs = analysis.metricTracks[i]
        guard let first = ts.first, let last = ts.last, t >= first, t <= last else { return nil }
        var lo = 0
        var hi = ts.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if ts[mid] <= t { lo = mid } else { hi = mid }
        }
        if ts[lo] == t || hi == lo || ts[hi] == ts[lo] { return ts[hi] == t ? cs[hi] : cs[lo] }
        let f = (t - ts[lo]) / (ts[hi] - ts[lo])
        return Coordinate(x: cs[lo].x + (cs[hi].x - cs[lo].x) * f, y: cs[lo].y + (cs[hi].y - cs[lo].y) * f)
    }

    static func eventColour(_ kind: String) -> String {
        switch kind {
        case "crossing": "#000000"
        case "incursion_start": "#d50000"
        case "detection": "#1e88e5"
        case "warning": "#fdd835"
        case "withdrawal": "#43a047"
        case "push_back": "#8e24aa"
        case "apprehension": "#00897b"
        default: "#777777"
        }
    }

    static func esc(_ s: String) -> String { ViewerWriter.escapeHTML(s) }

    /// Writes the picture to `path`: SVG, or PNG (by extension) through `rsvg-convert`; atomically.
    public static func write(folder: String, to path: String, at: String?, extent: Extent) throws(ViewError) {
        let lower = path.lowercased()
        guard lower.hasSuffix(".svg") || lower.hasSuffix(".png") else {
            throw .invalidOptions("-o: expected a file name ending in .svg or .png; found \"\(path)\"")
        }
        let run = try RunFolder.load(folder)
        let analysis = try RunAnalysis(run)
        let t: Double?
        switch at {
        case nil: t = nil
        case "deepest"?:
            guard let d = analysis.deepestIncursion() else {
                throw .invalidOptions("--at deepest: no officer was on another state's soil in this run")
            }
            t = d
        case let text?:
            let v = try run.time(text)
            guard v >= 0 && v <= run.seconds else {
                throw .invalidOptions(
                    "--at: \(text) is outside the run (\(run.iso8601(0)) to \(run.iso8601(run.seconds)))")
            }
            t = v
        }
        let bytes = try svg(analysis, at: t, extent: extent)
        if lower.hasSuffix(".svg") {
            try AtomicFile.write(bytes, to: path)
            return
        }
        try png(bytes, to: path)
    }

    /// Converts SVG bytes to a PNG at `path` with `rsvg-convert` (Debian's librsvg2-bin).
    static func png(_ svg: [UInt8], to path: String) throws(ViewError) {
        let tool = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let tool else {
            throw .dependency(
                "rsvg-convert not found; install Debian's librsvg2-bin (apt-get install librsvg2-bin, or scripts/install-deps.sh)"
            )
        }
        let split = OutputDirectory.split(path)
        let temporary = split.prefix + "." + split.name + ".bordersim-\(getpid()).png"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--format=png", "--output=" + temporary]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        do { try process.run() } catch { throw .dependency("cannot run \(tool): \(error)") }
        input.fileHandleForWriting.write(Data(svg))
        try? input.fileHandleForWriting.close()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            unlink(temporary)
            throw .dependency(
                "rsvg-convert failed (exit \(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .output(.cannotMove(from: temporary, to: path, reason: reason))
        }
    }
}

extension GeometryValue {
    var allCoordinates: [Coordinate] {
        switch self {
        case .point(let c): [c]
        case .lineString(let cs), .multiPoint(let cs): cs
        case .polygon(let rs), .multiLineString(let rs): rs.flatMap { $0 }
        case .multiPolygon(let ps): ps.flatMap { $0.flatMap { $0 } }
        case .geometryCollection(let parts): parts.flatMap(\.allCoordinates)
        }
    }
}
