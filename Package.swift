// swift-tools-version: 6.1
// bordersim: a geospatial border-crossing simulator on GEOS and PROJ.
//
// Layers, each depending only on those above it:
//   CGEOS, CPROJ,      system libraries (pkg-config geos, proj, sqlite3)
//   CSQLite
//   BorderGeometry     the only module that sees GEOS or PROJ
//   BorderSimKernel    the core's unsafe parts: in-place buffers, the watcher grid, the thread pool
//   BorderSim          the simulation core, in safe Swift: no file I/O, no YAML, no CLI
//   BorderSimIO        scenario files (YAML) in, GeoJSON/CSV/JSON and GeoPackage (SQLite) out
//   bordersim          the command-line tool
import PackageDescription

let package = Package(
    name: "bordersim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bordersim", targets: ["bordersim"]),
        .library(name: "BorderGeometry", targets: ["BorderGeometry"]),
        .library(name: "BorderSim", targets: ["BorderSim"]),
        // For the fuzz target (Fuzz/), which loads scenarios exactly as the tool does.
        .library(name: "BorderSimIO", targets: ["BorderSimIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS", pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"]), .brew(["geos"])]),
        .systemLibrary(
            name: "CPROJ", pkgConfig: "proj",
            providers: [.apt(["libproj-dev"]), .brew(["proj"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .target(name: "BorderGeometry", dependencies: ["CGEOS", "CPROJ"]),
        .target(
            name: "BorderSimKernel",
            // The step loop reads these buffers millions of times a second; in release builds
            // the dynamic exclusivity check on each class-property access costs ~15 % of a step
            // (measured with perf, docs/performance.md). Debug builds and tests keep it.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        .target(name: "BorderSim", dependencies: ["BorderGeometry", "BorderSimKernel"]),
        .target(
            name: "BorderSimIO",
            dependencies: ["BorderSim", "BorderGeometry", "CSQLite", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "bordersim",
            dependencies: [
                "BorderSimIO", "BorderSim", "BorderGeometry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["RevisionStamp"]),
        // Stamps the git commit into the tool, for the provenance of every output.
        .plugin(name: "RevisionStamp", capability: .buildTool()),
        .testTarget(name: "BorderGeometryTests", dependencies: ["BorderGeometry"]),
        .testTarget(name: "BorderSimKernelTests", dependencies: ["BorderSimKernel"]),
        .testTarget(name: "BorderSimTests", dependencies: ["BorderSim", "BorderGeometry", "BorderSimKernel"]),
        .testTarget(
            name: "BorderSimIOTests", dependencies: ["BorderSimIO", "BorderSim", "BorderGeometry"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "bordersim", "BorderSim", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Fixtures"]),
    ]
)
