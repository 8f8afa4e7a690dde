// swift-tools-version:6.1
import PackageDescription

// MARK: - Shared settings (applied to every target)

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

/// The six domain services; each is `Services/<Name>/<Name>Core` (all logic) plus a thin executable.
let domainServices: [(name: String, executable: String)] = [
    ("Catalog", "catalog"),
    ("Planning", "planning"),
    ("Inspection", "inspection"),
    ("Credit", "credit"),
    ("Referral", "referral"),
    ("Warning", "warning"),
]

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")

var targets: [Target] = [
    // MARK: Shared
    .systemLibrary(
        name: "CZeroMQ",
        path: "Shared/CZeroMQ",
        pkgConfig: "libzmq",
        providers: [.apt(["libzmq3-dev"])]
    ),
    .target(name: "ZeroMQ", dependencies: ["CZeroMQ"], path: "Shared/ZeroMQ", swiftSettings: swiftSettings),
    .target(name: "Messages", path: "Shared/Messages", swiftSettings: swiftSettings),
    .target(name: "Bus", dependencies: ["ZeroMQ", "Messages", log], path: "Shared/Bus", swiftSettings: swiftSettings),
    .target(name: "Store", dependencies: ["Messages", grdb, log], path: "Shared/Store", swiftSettings: swiftSettings),
    .target(
        name: "ServiceRunner",
        dependencies: ["Bus", "Store", "Messages", log, lifecycle, crypto],
        path: "Shared/ServiceRunner",
        swiftSettings: swiftSettings
    ),
    .target(
        name: "JGTesting",
        dependencies: ["Bus", "Store", "Messages", "ServiceRunner", "ZeroMQ", log, grdb],
        path: "Shared/JGTesting",
        swiftSettings: swiftSettings
    ),

    .target(
        name: "Scenario",
        dependencies: ["Bus", "Messages", "ZeroMQ", log],
        path: "Shared/Scenario",
        swiftSettings: swiftSettings
    ),

    // MARK: Gateway
    .target(
        name: "GatewayCore",
        dependencies: ["Bus", "Messages", "ServiceRunner", "Store", "ZeroMQ", log, lifecycle, hummingbird, httpTypes, grdb, crypto, prometheus],
        path: "Services/Gateway/GatewayCore",
        swiftSettings: swiftSettings
    ),
    .executableTarget(name: "gateway", dependencies: ["GatewayCore", "ServiceRunner", log], path: "Services/Gateway/gateway", swiftSettings: swiftSettings),
    .executableTarget(
        name: "jg",
        dependencies: ["GatewayCore", "Bus", "Messages", "Scenario", "ServiceRunner", "ZeroMQ", argumentParser],
        path: "Services/Gateway/jg",
        swiftSettings: swiftSettings
    ),

    // MARK: Tests
    .testTarget(name: "BusTests", dependencies: ["Bus", "ZeroMQ", "Messages", "JGTesting"], path: "Tests/BusTests", swiftSettings: swiftSettings),
    .testTarget(name: "MessagesTests", dependencies: ["Messages"], path: "Tests/MessagesTests", swiftSettings: swiftSettings),
    .testTarget(
        name: "StoreTests",
        dependencies: ["Store", "Bus", "Messages", "ServiceRunner", "JGTesting", grdb],
        path: "Tests/StoreTests",
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "GatewayCoreTests",
        dependencies: ["GatewayCore", "Bus", "Messages", "JGTesting"],
        path: "Tests/GatewayCoreTests",
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "IntegrationTests",
        dependencies: ["Bus", "Messages", "JGTesting", "Scenario", "ZeroMQ", yams, grdb],
        path: "Tests/IntegrationTests",
        exclude: ["Python"],
        swiftSettings: swiftSettings
    ),
]

// MARK: Services
for service in domainServices {
    targets.append(
        .target(
            name: "\(service.name)Core",
            // Crypto: planning hashes draws (MD5, SHA-256), inspection chains its audit trail, referral seals contacts.
            dependencies: ["Messages", "Store", "ServiceRunner", "Bus", log, grdb, lifecycle, crypto],
            path: "Services/\(service.name)/\(service.name)Core",
            swiftSettings: swiftSettings
        )
    )
    targets.append(
        .executableTarget(
            name: service.executable,
            dependencies: [.target(name: "\(service.name)Core"), "ServiceRunner"],
            path: "Services/\(service.name)/\(service.executable)",
            swiftSettings: swiftSettings
        )
    )
    targets.append(
        .testTarget(
            name: "\(service.name)CoreTests",
            dependencies: [.target(name: "\(service.name)Core"), "JGTesting", "Messages", "Store", "ServiceRunner", grdb],
            path: "Tests/\(service.name)CoreTests",
            exclude: service.name == "Referral" ? ["Fixtures"] : [],
            swiftSettings: swiftSettings
        )
    )
}

// MARK: Benchmarks (run with `make bench-…`, never part of `make test`)
targets.append(
    .executableTarget(
        name: "jg-bench",
        dependencies: [
            "Bus", "ZeroMQ", "Messages", "GatewayCore", "JGTesting", "Scenario", "Store", "CatalogCore", "CreditCore", "PlanningCore", "InspectionCore", "WarningCore", "ReferralCore", grdb, argumentParser,
        ],
        path: "Tests/Benchmarks/jg-bench",
        swiftSettings: swiftSettings
    )
)

let package = Package(
    name: "Jianguan",
    platforms: [.macOS(.v15)],
    products: domainServices.map { .executable(name: $0.executable, targets: [$0.executable]) } + [
        .executable(name: "gateway", targets: ["gateway"]),
        .executable(name: "jg", targets: ["jg"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: targets
)
