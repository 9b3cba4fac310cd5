// swift-tools-version:5.10
// Fuzz targets for the checkpoint and image parsers; a separate package so that the main build
// never needs the fuzzer runtime. See README.md for the build and run commands.
import PackageDescription

let package = Package(
    name: "GenDegFuzz",
    dependencies: [
        .package(name: "gendeg", path: ".."),
    ],
    targets: [
        .target(name: "CFuzzerDriver", path: "Sources/CFuzzerDriver"),
        .executableTarget(
            name: "fuzz-safetensors",
            dependencies: ["CFuzzerDriver", .product(name: "GenDegEngine", package: "gendeg")],
            path: "Sources/fuzz-safetensors"
        ),
        .executableTarget(
            name: "fuzz-pickle",
            dependencies: ["CFuzzerDriver", .product(name: "GenDegEngine", package: "gendeg")],
            path: "Sources/fuzz-pickle"
        ),
        .executableTarget(
            name: "fuzz-registry-toml",
            dependencies: ["CFuzzerDriver", .product(name: "GenDegEngine", package: "gendeg")],
            path: "Sources/fuzz-registry-toml"
        ),
        .executableTarget(
            name: "fuzz-kernel-json",
            dependencies: ["CFuzzerDriver", .product(name: "GenDegEngine", package: "gendeg")],
            path: "Sources/fuzz-kernel-json"
        ),
        .executableTarget(
            name: "fuzz-image-readers",
            dependencies: ["CFuzzerDriver", .product(name: "GenDegEngine", package: "gendeg")],
            path: "Sources/fuzz-image-readers"
        ),
    ]
)
