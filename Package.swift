// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares: Swift 6 language mode, strict concurrency included.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]
/// The outer adapters (server, command line) see only the members of modules they import
/// themselves (SE-0444): GRDB is not among them, so `Database`, `Row` and SQL closures
/// cannot creep in through CreditStore's types. The store's door is its own API.
let adapterSettings: [SwiftSetting] = swiftSettings + [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "CreditEngine",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "credit", targets: ["credit"]),
        .library(name: "CreditCore", targets: ["CreditCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // MARK: Pure core — domain values, no I/O.
        .target(name: "CreditCore", swiftSettings: swiftSettings),
        // MARK: Rules — YAML loaders, classifier (pure).
        .target(
            name: "CreditRules",
            dependencies: ["CreditCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        // MARK: Double-random draws — consistent sampler, assignment, receipts, verifier (pure).
        .target(
            name: "CreditSampling",
            dependencies: ["CreditCore", "CreditRules", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        // MARK: Credit repair — publication periods, notices, reminders, documents (pure).
        .target(
            name: "CreditRepair",
            dependencies: [
                "CreditCore", "CreditRules",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
        // MARK: Charts — accessible SVG charts with data-table fallbacks, written by hand (pure).
        .target(name: "CreditCharts", dependencies: ["CreditCore"], swiftSettings: swiftSettings),
        // MARK: Adapters — SQLite store, audit log.
        // Process-wide SQLite settings that only C can make (`sqlite3_config` is variadic).
        .target(name: "CSQLiteSettings", dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(
            name: "CreditStore",
            dependencies: [
                "CreditCore", "CreditRules", "CreditSampling", "CreditRepair", "CreditCharts", "CSQLiteSettings",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        // MARK: Ingestion — CSV/XLSX reading, encodings, import profiles, row decoding, the bulk writer.
        .target(
            name: "CreditIngest",
            dependencies: [
                "CreditCore", "CreditRules", "CreditStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
        // MARK: Printing — PDF from the HTML or DOCX of a document by an installed Chromium or LibreOffice (processes).
        .target(name: "CreditPrint", dependencies: ["CreditRepair"], swiftSettings: swiftSettings),
        // MARK: Synthetic data — a deterministic fake city in the data-format.md files.
        .target(name: "CreditSynthetic", dependencies: ["CreditCore"], swiftSettings: swiftSettings),
        // MARK: HTTP — JSON API, officer and public pages, auth (Hummingbird).
        .target(
            name: "CreditServer",
            dependencies: [
                "CreditCore", "CreditRules", "CreditSampling", "CreditRepair", "CreditCharts", "CreditStore", "CreditIngest", "CreditPrint",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: adapterSettings),
        // MARK: Command line.
        .executableTarget(
            name: "credit",
            dependencies: [
                "CreditCore", "CreditRules", "CreditSampling", "CreditRepair", "CreditCharts", "CreditStore", "CreditIngest", "CreditSynthetic",
                "CreditServer", "CreditPrint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: adapterSettings),
        // MARK: Tests.
        .testTarget(
            name: "CreditCoreTests",
            dependencies: ["CreditCore", "CreditRules"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CreditRulesTests",
            dependencies: ["CreditCore", "CreditRules", "CreditSampling"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CreditSamplingTests",
            dependencies: ["CreditCore", "CreditRules", "CreditSampling"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CreditRepairTests",
            dependencies: ["CreditCore", "CreditRules", "CreditRepair", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CreditPrintTests",
            dependencies: ["CreditCore", "CreditRules", "CreditRepair", "CreditPrint", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CreditChartsTests",
            dependencies: ["CreditCore", "CreditCharts"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CreditServerTests",
            dependencies: [
                "CreditCore", "CreditRules", "CreditCharts", "CreditStore", "CreditIngest", "CreditServer", "CreditSynthetic", "CreditPrint",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "CreditTestSupport",
            dependencies: ["CreditCore", "CreditStore", "CreditIngest", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/CreditTestSupport",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CreditStoreTests",
            dependencies: ["CreditCore", "CreditRules", "CreditSampling", "CreditRepair", "CreditCharts", "CreditStore", "CreditIngest", "CreditSynthetic", "CreditTestSupport", "credit"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CreditIngestTests",
            dependencies: [
                "CreditCore", "CreditRules", "CreditStore", "CreditIngest", "CreditSynthetic", "CreditTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
