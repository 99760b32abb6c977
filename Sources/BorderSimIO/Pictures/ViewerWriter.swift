import BorderGeometry
import Foundation

/// `bordersim view`: one self-contained HTML file that replays a run offline.
///
/// The page holds the run's data as JSON, Leaflet (read from Debian's `libjs-leaflet` when
/// the page is written, never copied into the repository) and the viewer's script; it loads
/// nothing, which its Content-Security-Policy enforces (`default-src 'none'`). Positions are
/// thinned per person so that the time-interpolated track stays within a tolerance of the
/// recorded one; the tolerance grows until the page's vertex budget is met, and the page says
/// what was kept. Who is on which state's soil is decided here with GEOS on every recorded
/// vertex, so the page's counts do not depend on the thinning. Same folder, same bytes.
public enum ViewerWriter {
    /// Where Debian's libjs-leaflet puts Leaflet.
    public static let leafletFolder = "/usr/share/javascript/leaflet"

    /// At most this many track vertices in a page (about 10 bytes each).
    public static let vertexBudget = 1_500_000
    /// At most this many events listed and drawn.
    public static let eventBudget = 20_000
    /// The smallest thinning tolerance, in metres.
    static let baseTolerance = 0.25

    /// Leaflet's script and style sheet, with source-map comments and image URLs removed (nothing to fetch).
    static func leaflet(folder: String = leafletFolder) throws(ViewError) -> (js: String, css: String) {
        let fm = FileManager.default
        let js = [folder + "/leaflet.min.js", folder + "/leaflet.js"].first { fm.fileExists(atPath: $0) }
        let cssPath = folder + "/leaflet.css"
        guard let js, let jsText = try? String(contentsOfFile: js, encoding: .utf8),
            let cssText = try? String(contentsOfFile: cssPath, encoding: .utf8)
        else {
            throw .dependency(
                "Leaflet not found in \(folder) (leaflet.js and leaflet.css); install Debian's libjs-leaflet "
                    + "(apt-get install libjs-leaflet, or scripts/install-deps.sh)")
        }
        let script = jsText.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("//# sourceMappingURL") }.joined(separator: "\n")
        var css = cssText.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("/*# sourceMappingURL") }.joined(separator: "\n")
        // `url(images/…)`: icons the viewer never uses; a CSP-blocked fetch if anything did.
        while let r = css.range(of: #"url\([^)]*\)"#, options: .regularExpression) {
            css.replaceSubrange(r, with: "none")
        }
        return (script, css)
    }

    /// The page's bytes for the run in `analysis`.
    public static func html(_ analysis: RunAnalysis, leafletFolder: String = leafletFolder) throws(ViewError) -> [UInt8]
    {
        let (js, css) = try leaflet(folder: leafletFolder)
        let data = try dataJSON(analysis)
        var out = [UInt8]()
        func add(_ s: String) { out.append(contentsOf: s.utf8) }
        let run = analysis.run
        add("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        add(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
                + "style-src 'unsafe-inline'; img-src data:\">\n")
        add("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        add("<title>" + escapeHTML(run.scenario) + " · bordersim</title>\n")
        add("<script>" + ViewerScript.errorCapture + "</script>\n")
        add("<style>\n" + css + "\n</style>\n<style>\n" + ViewerScript.style + "</style>\n</head>\n<body>\n")
        add(ViewerScript.body)
        add("<script type=\"application/json\" id=\"bordersim-data\">")
        out.append(contentsOf: data)
        add(
            "</script>\n<script>\n" + js + "\n</script>\n<script>\n" + ViewerScript.main
                + "</script>\n</body>\n</html>\n")
        return out
    }

    /// Writes the page for the run folder `folder` to `path` (default `folder/view.html`), atomically.
    @discardableResult
    public static func write(folder: String, to path: String? = nil) throws(ViewError) -> String {
        let run = try RunFolder.load(folder)
        let bytes = try html(RunAnalysis(run))
        let target = path ?? run.path + "/view.html"
        try AtomicFile.write(bytes, to: target)
        return target
    }

    // MARK: Data

    static let palettes: [String: [String]] = [
        "BY": ["#c62828", "#8e0000", "#ef5350", "#ad1457"],
        "LT": ["#1565c0", "#00838f", "#42a5f5", "#283593"],
        "LV": ["#6a1b9a", "#8e24aa", "#4a148c", "#ab47bc"],
        "PL": ["#2e7d32", "#558b2f", "#1b5e20", "#7cb342"],
        "migrants": ["#ef6c00", "#f9a825", "#d84315", "#ff8f00"],
    ]
    static let otherPalette = ["#37474f", "#5d4037", "#00695c", "#827717"]

    /// Each unit's colour: a hue per affiliation, shades in order of appearance.
    static func colours(_ units: [(id: String, affiliation: String, kind: String, role: String, members: Int)])
        -> [String]
    {
        var used = [String: Int]()
        return units.map { u in
            let key = u.kind == "migrants" ? "migrants" : u.affiliation
            let palette = palettes[key] ?? otherPalette
            let n = used[key, default: 0]
            used[key] = n + 1
            return palette[n % palette.count]
        }
    }

    static func dataJSON(_ analysis: RunAnalysis, vertexBudget: Int = vertexBudget) throws(ViewError) -> [UInt8] {
        let run = analysis.run
        let units = run.units
        let unitIndex = Dictionary(units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let colours = colours(units)

        // Thinning: the smallest tolerance (doubling from 0.25 m) that meets the vertex budget.
        let total = run.tracks.reduce(0) { $0 + $1.points.count }
        var tolerance = baseTolerance
        var kept = run.tracks.indices.map { analysis.thinned($0, tolerance: tolerance) }
        while kept.reduce(0, { $0 + $1.count }) > vertexBudget && tolerance < 100_000 {
            tolerance *= 2
            kept = run.tracks.indices.map { analysis.thinned($0, tolerance: tolerance) }
        }
        let keptCount = kept.reduce(0) { $0 + $1.count }

        // Events: all of them within the budget; beyond it, zone entries and exits go first, then the latest.
        var events = Array(run.events.indices)
        if events.count > eventBudget {
            let minor: Set<String> = ["zone_entry", "zone_exit"]
            events = events.filter { !minor.contains(run.events[$0].kind) }
            if events.count > eventBudget { events = Array(events.prefix(eventBudget)) }
        }

        let b = OutputFile.encode { f in
            func str(_ key: StaticString, _ v: String?, first: Bool = false) {
                f.key(key, first: first)
                if let v { f.string(v) } else { f.raw("null") }
            }
            func num(_ key: StaticString, _ v: Double?, _ d: Int, first: Bool = false) {
                f.key(key, first: first)
                if let v, v.isFinite { f.decimal(v, d) } else { f.raw("null") }
            }
            func strings(_ list: [String]) {
                f.byte(UInt8(ascii: "["))
                for (i, s) in list.enumerated() {
                    if i > 0 { f.byte(UInt8(ascii: ",")) }
                    f.string(s)
                }
                f.byte(UInt8(ascii: "]"))
            }
            func deltas(_ values: [Int64]) {
                f.byte(UInt8(ascii: "["))
                var previous: Int64 = 0
                for (i, v) in values.enumerated() {
                    if i > 0 { f.byte(UInt8(ascii: ",")) }
                    f.integer(v - previous)
                    previous = v
                }
                f.byte(UInt8(ascii: "]"))
            }
            f.byte(UInt8(ascii: "{"))
            str("scenario", run.scenario, first: true)
            f.key("seed")
            f.integer(run.seed)
            str("start", run.iso8601(0))
            f.key("startMs")
            f.integer(Int64((run.start.start * 1000).rounded()))
            f.key("offsetMin")
            f.integer(run.start.utcOffset / 60)
            str("offsetText", run.start.offsetText)
            num("seconds", run.seconds, 3)
            num("tolerance", run.tolerance, 3)
            str("crs", analysis.crs)
            f.key("states")
            f.byte(UInt8(ascii: "["))
            for (i, s) in analysis.states.enumerated() {
                if i > 0 { f.byte(UInt8(ascii: ",")) }
                f.byte(UInt8(ascii: "{"))
                str("id", s.id, first: true)
                str("name", s.name)
                f.byte(UInt8(ascii: "}"))
            }
            f.byte(UInt8(ascii: "]"))
            f.key("units")
            f.byte(UInt8(ascii: "["))
            for (i, u) in units.enumerated() {
                if i > 0 { f.byte(UInt8(ascii: ",")) }
                f.byte(UInt8(ascii: "{"))
                str("id", u.id, first: true)
                str("affiliation", u.affiliation)
                str("kind", u.kind)
                str("role", u.role)
                f.key("members")
                f.integer(u.members)
                str("colour", colours[i])
                f.byte(UInt8(ascii: "}"))
            }
            f.byte(UInt8(ascii: "]"))
            f.key("zones")
            f.byte(UInt8(ascii: "["))
            for (i, z) in run.features.enumerated() {
                if i > 0 { f.byte(UInt8(ascii: ",")) }
                f.raw("\n{")
                str("kind", z.kind, first: true)
                str("name", z.name)
                str("state", z.state)
                f.key("forbidden_to")
                strings(z.forbiddenTo)
                f.key("geometry")
                f.geometry(z.geometry, 6)
                f.byte(UInt8(ascii: "}"))
            }
            f.byte(UInt8(ascii: "]"))
            // People: times in seconds and positions in 1e-6 degrees, each delta-coded.
            f.key("people")
            f.byte(UInt8(ascii: "["))
            for (i, track) in run.tracks.enumerated() {
                if i > 0 { f.byte(UInt8(ascii: ",")) }
                f.raw("\n{")
                str("p", track.person, first: true)
                f.key("u")
                f.integer(unitIndex[track.unit] ?? 0)
                f.key("g")
                f.string(RunAnalysis.group(track))
                let idx = kept[i]
                f.key("t")
                deltas(idx.map { Int64((track.times[$0] * 1000).rounded()) })
                f.key("x")
                deltas(idx.map { Int64((track.points[$0].x * 1e6).rounded()) })
                f.key("y")
                deltas(idx.map { Int64((track.points[$0].y * 1e6).rounded()) })
                f.key("s")
                f.byte(UInt8(ascii: "["))
                for (j, c) in analysis.soil[i].enumerated() {
                    if j > 0 { f.byte(UInt8(ascii: ",")) }
                    f.decimal(c.t, 3)
                    f.byte(UInt8(ascii: ","))
                    f.integer(c.state)
                }
                f.byte(UInt8(ascii: "]"))
                f.byte(UInt8(ascii: "}"))
            }
            f.byte(UInt8(ascii: "]"))
            f.key("incursions")
            f.byte(UInt8(ascii: "["))
            for (i, inc) in run.incursions.enumerated() {
                if i > 0 { f.byte(UInt8(ascii: ",")) }
                f.raw("\n{")
                str("p", inc.person, first: true)
                f.key("u")
                f.integer(unitIndex[inc.unit] ?? 0)
                str("frame", inc.frame)
                f.key("zone")
                f.raw(inc.isZone ? "true" : "false")
                str("from", inc.fromState)
                str("into", inc.intoState)
                num("entry", inc.entry, 3)
                num("exit", inc.exit, 3)
                num("duration", inc.duration, 3)
                num("depth", inc.maxDepth, 3)
                f.key("beyond")
                f.raw(inc.beyondTolerance ? "true" : "false")
                f.key("line")
                f.byte(UInt8(ascii: "["))
                for (j, c) in inc.line.enumerated() {
                    if j > 0 { f.byte(UInt8(ascii: ",")) }
                    f.position(c, 7)
                }
                f.byte(UInt8(ascii: "]"))
                f.byte(UInt8(ascii: "}"))
            }
            f.byte(UInt8(ascii: "]"))
            f.key("events")
            f.byte(UInt8(ascii: "["))
            for (n, i) in events.enumerated() {
                let e = run.events[i]
                if n > 0 { f.byte(UInt8(ascii: ",")) }
                f.raw("\n{")
                num("t", e.t, 3, first: true)
                str("k", e.kind)
                f.key("u")
                f.integer(unitIndex[e.unit] ?? -1)
                str("unit", e.unit)
                str("p", e.person)
                str("f", e.frame)
                str("from", e.fromState)
                str("into", e.intoState)
                str("c", e.counterpart)
                num("d", e.depth, 3)
                f.key("at")
                f.position(e.point, 7)
                f.byte(UInt8(ascii: "}"))
            }
            f.byte(UInt8(ascii: "]"))
            f.key("thinning")
            f.byte(UInt8(ascii: "{"))
            f.key("vertices", first: true)
            f.integer(total)
            f.key("kept")
            f.integer(keptCount)
            num("tolerance_m", tolerance, 3)
            f.key("events")
            f.integer(run.events.count)
            f.key("eventsKept")
            f.integer(events.count)
            f.byte(UInt8(ascii: "}"))
            f.key("timeline")
            strings(run.timeline)
            f.raw("}")
        }
        // No "</" inside the <script> element: "<\/" reads the same in JSON.
        var safe = [UInt8]()
        safe.reserveCapacity(b.count)
        for (i, byte) in b.enumerated() {
            safe.append(byte)
            if byte == UInt8(ascii: "<") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "/") {
                safe.append(UInt8(ascii: "\\"))
            }
        }
        return safe
    }

    static func escapeHTML(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// One file written whole or not at all: into a hidden file beside the target, synced, then renamed over it.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws(ViewError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw .invalidOptions("'\(path)' is a folder; give a file path for the output")
        }
        let split = OutputDirectory.split(path)
        let temporary = split.prefix + "." + split.name + ".bordersim-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            let file = try OutputFile(creating: temporary)
            file.raw(bytes)
            try file.close()
        } catch {
            unlink(temporary)
            throw .output(error)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .output(.cannotMove(from: temporary, to: path, reason: reason))
        }
    }
}
