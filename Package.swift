// swift-tools-version:5.10
import PackageDescription

let package = Package(
    name: "gendeg",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gendeg", targets: ["gendeg"]),
        .library(name: "GenDegEngine", targets: ["GenDegEngine"]),
        .library(name: "GenDegExplorer", targets: ["GenDegExplorer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        .systemLibrary(name: "CNCursesW", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CSixel", pkgConfig: "libsixel", providers: [.apt(["libsixel-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),

        // C shims: libpng/libjpeg report errors with longjmp, which Swift cannot catch;
        // ncurses exposes much of its API as macros, which Swift cannot import.
        .target(name: "CImageCodecs", dependencies: ["CPNG", "CJPEG"]),
        .target(name: "CTerminal", dependencies: ["CNCursesW"]),

        // The engine: no terminal code.
        .target(
            name: "GenDegEngine",
            dependencies: ["CBLAS", "CImageCodecs"],
            path: "Sources/Engine",
            resources: [
                .copy("Resources/samples"), .copy("Resources/intensity-stats.json"), .copy("Resources/clip"),
                .copy("Resources/models"),
            ]
        ),
        // The explorer: terminal UI over the engine.
        .target(
            name: "GenDegExplorer",
            dependencies: ["GenDegEngine", "CNCursesW", "CTerminal", "CSixel"],
            path: "Sources/Explorer"
        ),
        .executableTarget(
            name: "gendeg",
            dependencies: [
                "GenDegEngine", "GenDegExplorer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Test doubles and images shared by the engine's session tests and the explorer's tests.
        .target(name: "GenDegTestSupport", dependencies: ["GenDegEngine"], path: "Tests/GenDegTestSupport"),
        .testTarget(name: "EngineTests", dependencies: ["GenDegEngine", "GenDegTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ExplorerTests", dependencies: ["GenDegExplorer", "GenDegEngine", "GenDegTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["GenDegEngine"]),
    ]
)
