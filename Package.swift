// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "psalink",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "psalink", targets: ["psalink"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // System libraries (apt: libncurses-dev, libcurl4-openssl-dev). Their shim.h files
        // define what pkg-config would pass as -D flags, which SwiftPM drops with a warning.
        .systemLibrary(name: "CNcursesw"),
        .systemLibrary(name: "CCurl"),

        // Everything that is not presentation: model, store, (later) connectors and ticketing.
        .target(
            name: "PSACore",
            dependencies: ["CCurl", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The terminal toolkit: pure-Swift screen buffer and widgets over a curses backend.
        .target(name: "TerminalUI", dependencies: ["CNcursesw"]),
        // The wizard's screens: state, update and view over TerminalUI and PSACore.
        .target(name: "Wizard", dependencies: ["TerminalUI", "PSACore"]),
        .executableTarget(
            name: "psalink",
            dependencies: [
                "Wizard", "TerminalUI", "PSACore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Prints figures; run with `swift run -c release psalink-benchmarks`.
        .executableTarget(
            name: "psalink-benchmarks",
            dependencies: ["Wizard", "TerminalUI", "PSACore"],
            path: "Sources/PSALinkBenchmarks"
        ),

        .testTarget(
            name: "PSACoreTests",
            dependencies: ["PSACore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "CNcursesw"]),
        .testTarget(name: "WizardTests", dependencies: ["Wizard", "TerminalUI", "PSACore"]),
    ]
)
