import BorderGeometry
import BorderSim

/// `run.gpkg`: every layer of a run in one OGC GeoPackage 1.3, for QGIS, GDAL and ArcGIS.
///
/// Layers: `tracks` (a LineString per person), `positions` (a Point per person per kept
/// sample), `events` (Points), `incursions` (entry-to-deepest LineStrings), and the map in two
/// layers of one geometry type each, `zones_polygons` (territories, zones, camera coverage) and
/// `zones_lines` (frame lines, fences, fence gaps). The fields are those of the GeoJSON files
/// (docs/outputs.md) with two differences GIS formats need: times are DATETIME fields in UTC
/// (`…Z`; the GeoJSON files keep the scenario's offset), and there are no list fields (a
/// track's per-vertex `times` are the `positions` layer; `forbidden_to` is comma-separated).
/// Coordinates are WGS 84 (EPSG:4326) at full double precision. The run's provenance (as in
/// `summary.json`) is JSON in `gpkg_metadata`, scoped to the whole GeoPackage.
///
/// The same inputs give the same bytes: rows are inserted in the order of the GeoJSON files, and
/// the two timestamps the format asks for (`gpkg_contents.last_change`, the metadata reference's
/// `timestamp`) hold the simulated start time, not the time of writing.
enum GeoPackageWriter {
    static func write(
        _ context: OutputContext, events: EventWriters, provenance: Provenance,
        to path: String
    ) throws(OutputError) {
        let db = try SQLiteDatabase(creating: path)
        let layers = Layers(db: db, geos: GeometryContext(), stamp: context.utcDateTime(0))
        try createCoreTables(db, wgs84: wgs84Definition())
        try writeProvenance(provenance, stamp: layers.stamp, to: db)
        try writeTracks(context, layers)
        try writeEvents(context, events, layers)
        try writeZones(context, layers)
        try db.close()
    }

    /// What each layer's table is made with.
    private struct Layers {
        let db: SQLiteDatabase
        let geos: GeometryContext
        /// `gpkg_contents.last_change`: the simulated start, so the bytes never depend on when the file was written.
        let stamp: String

        func table(
            _ name: String, _ geometryType: String, _ description: String,
            _ columns: [(String, String)]
        ) throws(OutputError) -> FeatureTable {
            try FeatureTable(
                db, geos, stamp: stamp, name: name, geometryType: geometryType,
                description: description, columns: columns)
        }
    }

    /// `tracks` and `positions`, in one pass over the tracks (one PROJ call per track).
    private static func writeTracks(_ context: OutputContext, _ layers: Layers) throws(OutputError) {
        let tracks = try layers.table(
            "tracks", "LINESTRING", "one line per person through the kept samples",
            personColumns + [("start_time", "DATETIME"), ("end_time", "DATETIME")])
        let positions = try layers.table(
            "positions", "POINT", "one point per person per kept sample",
            personColumns + [("time", "DATETIME"), ("t_seconds", "REAL")])
        for track in context.result.tracks {
            let (shown, lonLat) = try context.shownPositions(of: track)
            let person = TrajectoryWriter.properties(of: track).map(\.1)
            let times = shown.map { context.utcDateTime(context.keptSeconds[$0]) }
            // A single sample is written twice, as in trajectories.geojson, so the line is valid.
            let line = lonLat.count == 1 ? [lonLat[0], lonLat[0]] : lonLat
            try tracks.insert(.lineString(line), person + [.string(times[0]), .string(times[times.count - 1])])
            for (k, c) in lonLat.enumerated() {
                let seconds = Cell.decimal(context.keptSeconds[shown[k]], OutputContext.secondsDecimals)
                try positions.insert(.point(c), person + [.string(times[k]), seconds])
            }
        }
        try tracks.finish()
        try positions.finish()
    }

    /// `events` and `incursions`.
    private static func writeEvents(_ context: OutputContext, _ events: EventWriters, _ layers: Layers)
        throws(OutputError)
    {
        let result = context.result
        let table = try layers.table("events", "POINT", "every event of the run, in order", eventColumns)
        for i in result.events.indices {
            try table.insert(
                .point(events.eventPoint(i)), events.record(i, time: context.utcDateTime(result.events[i].time)))
        }
        try table.finish()
        let incursions = try layers.table(
            "incursions", "LINESTRING",
            "each stay across a line or in a zone: entry point to deepest point", incursionColumns)
        for i in result.incursions.indices {
            try incursions.insert(
                events.incursionLine(i), events.incursionRecord(i, time: context.utcDateTime).map(\.1))
        }
        try incursions.finish()
    }

    /// The map in two layers of one geometry type each, single parts promoted to multi.
    private static func writeZones(_ context: OutputContext, _ layers: Layers) throws(OutputError) {
        let columns = [("kind", "TEXT"), ("name", "TEXT"), ("state", "TEXT"), ("forbidden_to", "TEXT")]
        let polygons = try layers.table(
            "zones_polygons", "MULTIPOLYGON", "territories, zones and camera coverage", columns)
        let lines = try layers.table("zones_lines", "MULTILINESTRING", "frame lines, fences and fence gaps", columns)
        for feature in try ZonesWriter.features(context) {
            let values = feature.properties.map(\.1)
            switch feature.geometry {
            case .polygon(let rings): try polygons.insert(.multiPolygon([rings]), values)
            case .multiPolygon: try polygons.insert(feature.geometry, values)
            case .lineString(let line): try lines.insert(.multiLineString([line]), values)
            case .multiLineString: try lines.insert(feature.geometry, values)
            default:
                throw .invalidResult(
                    "map feature \(feature.properties[0].1) '\(feature.properties[1].1)' is a "
                        + "\(feature.geometry.typeName), neither polygonal nor linear")
            }
        }
        try polygons.finish()
        try lines.finish()
    }

    /// The fields every record about a person starts with (`TrajectoryWriter.properties`).
    private static let personColumns = [
        ("unit", "TEXT"), ("member", "INTEGER"), ("person", "TEXT"),
        ("affiliation", "TEXT"), ("role", "TEXT"), ("kind", "TEXT"),
    ]

    /// `EventWriters.columns` with their types.
    private static let eventColumns = zip(
        EventWriters.columns,
        [
            "DATETIME", "REAL", "TEXT", "TEXT", "INTEGER", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "REAL",
        ]
    ).map { ($0, $1) }

    /// The fields of `EventWriters.incursionRecord`, with their types.
    private static let incursionColumns = [
        ("unit", "TEXT"), ("member", "INTEGER"), ("person", "TEXT"), ("affiliation", "TEXT"), ("frame", "TEXT"),
        ("is_zone", "BOOLEAN"), ("from_state", "TEXT"), ("into_state", "TEXT"), ("entry_time", "DATETIME"),
        ("exit_time", "DATETIME"), ("entry_t_seconds", "REAL"), ("exit_t_seconds", "REAL"), ("duration_s", "REAL"),
        ("max_depth_m", "REAL"), ("beyond_tolerance", "BOOLEAN"),
    ]

    /// EPSG:4326 in WKT 1, from PROJ.
    private static func wgs84Definition() throws(OutputError) -> String {
        do { return try CoordinateTransform.wkt1(of: "EPSG:4326") } catch {
            throw .transform(what: "the definition of EPSG:4326", message: error.description)
        }
    }

    /// The tables every GeoPackage has (§1.1.2, §1.1.3, §2.1.5, §2.5, and the metadata extension, §F.8),
    /// with the three spatial reference systems it must define.
    private static func createCoreTables(_ db: SQLiteDatabase, wgs84: String) throws(OutputError) {
        // application_id "GPKG", user_version 1.3.0 (§1.1.1.1.1): what GDAL 3.6 and QGIS read without a warning
        try db.execute(
            """
            PRAGMA application_id = 1196444487;
            PRAGMA user_version = 10300;
            CREATE TABLE gpkg_spatial_ref_sys (
              srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (
              table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
              description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
              CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (
              table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
              CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
              CONSTRAINT uk_gc_table_name UNIQUE (table_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            CREATE TABLE gpkg_extensions (
              table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
              scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
            CREATE TABLE gpkg_metadata (
              id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
              md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');
            CREATE TABLE gpkg_metadata_reference (
              reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
              timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
              CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
              CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
            INSERT INTO gpkg_spatial_ref_sys VALUES
              ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
              ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
            INSERT INTO gpkg_extensions VALUES
              ('gpkg_metadata', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec/#extension_metadata', 'read-write'),
              ('gpkg_metadata_reference', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec/#extension_metadata', 'read-write');
            """)
        try db.prepare("INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?, ?)")
            .run([.text(wgs84), .text("longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid")])
    }

    /// The provenance of `summary.json`, as a JSON document about the whole GeoPackage.
    private static func writeProvenance(_ provenance: Provenance, stamp: String, to db: SQLiteDatabase)
        throws(OutputError)
    {
        let json = String(decoding: OutputFile.encode { SummaryWriter.json(provenance).write(to: $0) }, as: UTF8.self)
        try db.prepare(
            "INSERT INTO gpkg_metadata VALUES (1, 'dataset', 'urn:bordersim:provenance', 'application/json', ?)"
        )
        .run([.text(json)])
        try db.prepare("INSERT INTO gpkg_metadata_reference VALUES ('geopackage', NULL, NULL, NULL, ?, 1, NULL)")
            .run([.text(stamp)])
    }

    /// One feature layer: its table, its rows as they are inserted, its spatial index and its extent.
    ///
    /// The index is the R-tree of the `gpkg_rtree_index` extension, filled as rows are
    /// inserted; its triggers (which keep it up to date when a GIS edits the layer, through the
    /// `ST_` functions GDAL and QGIS provide) are created last, so they never fire here.
    private final class FeatureTable {
        private let db: SQLiteDatabase
        private let geos: GeometryContext
        private let name: String
        private let insertRow: SQLiteDatabase.Statement
        private let insertBox: SQLiteDatabase.Statement
        private var bounds: GeoPackageGeometry.Bounds?
        private var rows: Int64 = 0
        private static let srsID: Int32 = 4326

        init(
            _ db: SQLiteDatabase, _ geos: GeometryContext, stamp: String, name: String, geometryType: String,
            description: String, columns: [(String, String)]
        ) throws(OutputError) {
            self.db = db
            self.geos = geos
            self.name = name
            let fields = columns.map { "\"\($0.0)\" \($0.1)" }.joined(separator: ", ")
            try db.execute(
                "CREATE TABLE \"\(name)\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom \(geometryType), \(fields))"
            )
            try db.prepare(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) "
                    + "VALUES (?, 'features', ?, ?, ?, \(Self.srsID))"
            )
            .run([.text(name), .text(name), .text(description), .text(stamp)])
            try db.prepare("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, \(Self.srsID), 0, 0)")
                .run([.text(name), .text(geometryType)])
            let names = (["fid", "geom"] + columns.map(\.0)).map { "\"\($0)\"" }.joined(separator: ", ")
            let marks = Array(repeating: "?", count: columns.count + 2).joined(separator: ", ")
            insertRow = try db.prepare("INSERT INTO \"\(name)\" (\(names)) VALUES (\(marks))")
            try db.execute("CREATE VIRTUAL TABLE \"rtree_\(name)_geom\" USING rtree(id, minx, maxx, miny, maxy)")
            insertBox = try db.prepare("INSERT INTO \"rtree_\(name)_geom\" VALUES (?, ?, ?, ?, ?)")
            try db.prepare(
                "INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', "
                    + "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')"
            ).run([.text(name)])
        }

        func insert(_ geometry: GeometryValue, _ values: [Cell]) throws(OutputError) {
            let encoded: (blob: [UInt8], bounds: GeoPackageGeometry.Bounds)
            do { encoded = try GeoPackageGeometry.encode(geometry, srsID: Self.srsID, in: geos) } catch {
                throw .invalidResult("a \(geometry.typeName) of layer '\(name)': \(error.description)")
            }
            bounds = encoded.bounds.union(bounds)
            rows += 1
            try insertRow.run([.integer(rows), .blob(encoded.blob)] + values.map(Self.value))
            let b = encoded.bounds
            try insertBox.run([.integer(rows), .real(b.minX), .real(b.maxX), .real(b.minY), .real(b.maxY)])
        }

        /// Records the layer's extent in `gpkg_contents` (left null for an empty layer) and
        /// creates the index's triggers.
        func finish() throws(OutputError) {
            if let b = bounds {
                try db.prepare(
                    "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?"
                )
                .run([.real(b.minX), .real(b.minY), .real(b.maxX), .real(b.maxY), .text(name)])
            }
            try db.execute(Self.rtreeTriggers(table: name))
        }

        /// The six triggers of GeoPackage 1.3's R-tree extension (§F.3), for column `geom` and id `fid`.
        static func rtreeTriggers(table t: String) -> String {
            let r = "\"rtree_\(t)_geom\""
            let q = "\"\(t)\""
            let box = "NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)"
            func name(_ suffix: String) -> String { "\"rtree_\(t)_geom_\(suffix)\"" }
            return """
                CREATE TRIGGER \(name("insert")) AFTER INSERT ON \(q)
                  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
                  BEGIN INSERT OR REPLACE INTO \(r) VALUES (\(box)); END;
                CREATE TRIGGER \(name("update1")) AFTER UPDATE OF geom ON \(q)
                  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
                  BEGIN INSERT OR REPLACE INTO \(r) VALUES (\(box)); END;
                CREATE TRIGGER \(name("update2")) AFTER UPDATE OF geom ON \(q)
                  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
                  BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
                CREATE TRIGGER \(name("update3")) AFTER UPDATE ON \(q)
                  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
                  BEGIN DELETE FROM \(r) WHERE id = OLD.fid; INSERT OR REPLACE INTO \(r) VALUES (\(box)); END;
                CREATE TRIGGER \(name("update4")) AFTER UPDATE ON \(q)
                  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
                  BEGIN DELETE FROM \(r) WHERE id IN (OLD.fid, NEW.fid); END;
                CREATE TRIGGER \(name("delete")) AFTER DELETE ON \(q)
                  WHEN old.geom NOT NULL
                  BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
                """
        }

        /// A cell as SQLite stores it: numbers rounded as the text files write them, booleans 0/1.
        private static func value(_ cell: Cell) -> SQLiteDatabase.Value {
            switch cell {
            case .string(let s): .text(s)
            case .integer(let n): .integer(Int64(n))
            case .decimal(let v, let d), .fixed(let v, let d): .real(rounded(v, d))
            case .bool(let b): .integer(b ? 1 : 0)
            case .strings(let list): .text(list.joined(separator: ","))
            case .null: .null
            }
        }

        /// `v` as the number its text in the GeoJSON and CSV files reads back as.
        private static func rounded(_ v: Double, _ decimals: Int) -> Double {
            var text = [UInt8]()
            JSONText.appendDecimal(v, decimals: decimals, fixed: false, to: &text)
            return Double(String(decoding: text, as: UTF8.self)) ?? v
        }
    }
}
