// swift-tools-version:5.10
// Fuzz targets for gendeg's parsers (libFuzzer). Build and run: see README.md here.
import PackageDescription

let package = Package(
    name: "gendeg-fuzz",
    dependencies: [.package(name: "gendeg", path: "..")],
    targets: [
        .executableTarget(
            name: "fuzz-image-readers",
            dependencies: [.product(name: "GenDegEngine", package: "gendeg")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
