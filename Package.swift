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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // LogHandler.log(event:), which the JSON log handler implements.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    ],
    targets: [
        // System libraries (apt: libncurses-dev, libcurl4-openssl-dev). Their shim.h files
        // define what pkg-config would pass as -D flags, which SwiftPM drops with a warning.
        .systemLibrary(name: "CNcursesw"),
        .systemLibrary(name: "CCurl"),

        // Everything that is not presentation: model, store, (later) connectors and ticketing.
        .target(
            name: "PSACore",
            dependencies: [
                "CCurl", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Emulated HaloPSA, ConnectWise, Autotask and Nerdio APIs on loopback, for tests and demos.
        // Independent of PSACore on purpose: it follows the vendors' documents, not our client.
        .target(
            name: "PSASandbox",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The sandbox's endpoints as PSACore credentials, for the demo, the benchmarks and tests.
        // Its own target so that PSASandbox and PSACore stay independent of each other.
        .target(name: "SandboxConnections", dependencies: ["PSACore", "PSASandbox"]),
        // The terminal toolkit: pure-Swift screen buffer and widgets over a curses backend.
        .target(name: "TerminalUI", dependencies: ["CNcursesw"]),
        // The wizard's screens: state, update and view over TerminalUI and PSACore.
        .target(name: "Wizard", dependencies: ["TerminalUI", "PSACore"]),
        .executableTarget(
            name: "psalink",
            dependencies: [
                "Wizard", "TerminalUI", "PSACore", "PSASandbox", "SandboxConnections",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Prints figures; run with `swift run -c release psalink-benchmarks`.
        .executableTarget(
            name: "psalink-benchmarks",
            dependencies: [
                "Wizard", "TerminalUI", "PSACore", "PSASandbox", "SandboxConnections", "MatchingEvaluation",
            ],
            path: "Sources/PSALinkBenchmarks"
        ),
        // Labelled Auto Match evaluation set and the exact-normalized-name baseline, independent of the matcher.
        // Data/ holds real registered company names (with their source and licence beside them).
        .target(name: "MatchingEvaluation", dependencies: ["PSACore"], resources: [.copy("Data")]),

        .testTarget(
            name: "PSACoreTests",
            dependencies: [
                "PSACore", "PSASandbox", "SandboxConnections", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "PSASandboxTests", dependencies: ["PSASandbox"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "CNcursesw"]),
        .testTarget(
            name: "WizardTests", dependencies: ["Wizard", "TerminalUI", "PSACore", "PSASandbox", "SandboxConnections"]
        ),
        .testTarget(name: "MatchingEvaluationTests", dependencies: ["MatchingEvaluation", "PSACore"]),
    ]
)
