// swift-tools-version: 6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "switchyard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchyard", targets: ["switchyard"]),
    ],
    traits: [
        .trait(name: "OTel", description: "Export traces over OTLP/HTTP with swift-otel (OTEL_EXPORTER_OTLP_* settings)."),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        .target(
            name: "SwitchyardModel",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardDialects",
            dependencies: [
                "SwitchyardModel",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardCatalog",
            dependencies: ["SwitchyardModel"],
            resources: [
                .copy("Resources/cl100k_base.bpe"),
                .copy("Resources/o200k_base.bpe"),
                .copy("Resources/VOCABULARY-LICENSES.md"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardRouting",
            dependencies: ["SwitchyardModel"],
            resources: [.copy("Resources/RouterModel")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardAdmission",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardStorage",
            dependencies: [
                "SwitchyardModel", "SwitchyardCatalog",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardProviders",
            dependencies: [
                "SwitchyardModel", "SwitchyardDialects", "SwitchyardCatalog",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardConfig",
            dependencies: [
                "SwitchyardModel", "SwitchyardCatalog", "SwitchyardProviders", "SwitchyardRouting",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/default.yaml")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardGateway",
            dependencies: [
                "SwitchyardModel", "SwitchyardDialects", "SwitchyardCatalog",
                "SwitchyardProviders", "SwitchyardConfig", "SwitchyardStorage", "SwitchyardAdmission", "SwitchyardRouting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchyardServer",
            dependencies: [
                "SwitchyardModel", "SwitchyardDialects", "SwitchyardGateway", "SwitchyardConfig",
                "SwitchyardProviders", "SwitchyardCatalog", "SwitchyardStorage", "SwitchyardAdmission",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "switchyard",
            dependencies: [
                "SwitchyardServer", "SwitchyardConfig", "SwitchyardGateway", "SwitchyardProviders",
                "SwitchyardCatalog", "SwitchyardModel", "SwitchyardStorage", "SwitchyardAdmission",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OTel", package: "swift-otel", condition: .when(traits: ["OTel"])),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardDialectsTests",
            dependencies: [
                "SwitchyardDialects", "SwitchyardModel", "SwitchyardProviders",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardConfigTests",
            dependencies: ["SwitchyardConfig", "SwitchyardCatalog", "SwitchyardModel", "SwitchyardProviders"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardCatalogTests",
            dependencies: ["SwitchyardCatalog", "SwitchyardModel"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardRoutingTests",
            dependencies: ["SwitchyardRouting", "SwitchyardModel"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardAdmissionTests",
            dependencies: ["SwitchyardAdmission"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardStorageTests",
            dependencies: [
                "SwitchyardStorage", "SwitchyardCatalog", "SwitchyardModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchyardServerTests",
            dependencies: [
                "SwitchyardServer", "SwitchyardConfig", "SwitchyardGateway", "SwitchyardModel",
                "SwitchyardProviders", "SwitchyardCatalog", "SwitchyardDialects", "SwitchyardStorage", "SwitchyardAdmission",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
