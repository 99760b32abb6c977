// swift-tools-version: 6.1
// The libFuzzer target over bordersim's input loaders; built and run by scripts/fuzz.sh only,
// because it needs -sanitize=fuzzer (libFuzzer supplies main), which a normal build lacks.
import Foundation
import PackageDescription

// A path dependency is known by its folder's name (bordersim, wt-fuzz, a clone's name).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "bordersim-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        // libFuzzer's own main is not used: SwiftPM links an executable's entry point as main,
        // so ours hands over to libFuzzer's driver.
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(
            name: "ScenarioFuzzer",
            dependencies: [
                "CLibFuzzer",
                .product(name: "BorderSimIO", package: root),
                .product(name: "BorderSim", package: root),
            ],
            // gold, the default linker here, fails on libFuzzer's runtime ("internal error in
            // format_file_lineno"); the toolchain's lld links it.
            linkerSettings: [.unsafeFlags(["-use-ld=lld"])]),
    ]
)
