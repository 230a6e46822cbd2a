// swift-tools-version:6.2
import PackageDescription

let testSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Our own modules build without a warning (dependencies' warnings are not ours to fix, and SwiftPM hides them).
/// Not the tests: Swift Testing's `@Test` expansions warn under Swift 6.3 (`@const`, `@section`) in code we do not write.
let swiftSettings: [SwiftSetting] = testSwiftSettings + [.treatAllWarnings(as: .error)]

let package = Package(
    name: "SharpEyes",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sharpeyes", targets: ["sharpeyes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.60.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.7.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),  // live view (#23)
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // The central store of several nodes (#22): PostgreSQL's wire protocol, pooled, async.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),  // PostgreSQL over TLS
        // Tests only: child processes (the built CLI, ffmpeg, the simulators) with their output read to the end.
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),  // FilePath, in Subprocess's API
    ],
    targets: [
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswscale-dev", "libavutil-dev"])]
        ),
        .target(
            name: "Media",
            dependencies: ["CFFmpeg"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CVision",
            cSettings: [.treatAllWarnings(as: .error)],
            cxxSettings: [
                .treatAllWarnings(as: .error),
                // HOG is template code compiled here: AVX2/FMA make it about twice as fast as plain AVX. The C++ only
                // (cpu_check.c is C, compiled for any x86-64): it exits with an error naming the missing features
                // at start on an older CPU.
                .unsafeFlags(["-O3", "-march=x86-64-v3", "-Wno-deprecated-declarations"]),
                .define("NDEBUG"),
                // ONNX Runtime's C header, which scripts/install-plate-runtime.sh takes from Debian 13's
                // libonnxruntime-dev (the library itself is loaded with dlopen); Debian's OpenCV (imgproc only).
                .headerSearchPath("../../Dependencies/onnxruntime/include"),
                .unsafeFlags(["-I/usr/include/opencv4"]),
            ],
            linkerSettings: [
                .linkedLibrary("dlib"), .linkedLibrary("blas"), .linkedLibrary("lapack"),
                .linkedLibrary("opencv_imgproc"), .linkedLibrary("opencv_core"), .linkedLibrary("dl"),
            ]
        ),
        .target(
            name: "Recognition",
            dependencies: [
                "CGlibcExtras", "CVision", "AnalysisKit", "Media", "Incidents", "InputSafety", "Severities", "Toolkit",
            ],
            swiftSettings: swiftSettings
        ),
        // Residential communities (#25): the register, gate decisions and their rules; no I/O.
        .target(
            name: "Communities",
            dependencies: ["Recognition"],
            swiftSettings: swiftSettings
        ),
        // The one way to wait and to block: the blocking-work pool, periodic work on an injected clock, SIGHUP.
        .target(
            name: "Toolkit",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "InputSafety",
            swiftSettings: swiftSettings
        ),
        // The Severity enum, shared by the analysis contract and the store without either importing the other.
        .target(
            name: "Severities",
            swiftSettings: swiftSettings
        ),
        // getrandom(2) and malloc_trim(3), which Swift's Glibc module does not export.
        .systemLibrary(name: "CGlibcExtras"),
        .target(
            name: "Incidents",
            dependencies: ["CGlibcExtras", "Severities", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // The PostgreSQL back end of the store protocols, for nodes sharing one database (#22).
        .target(
            name: "PostgresStore",
            dependencies: [
                "Dispatching", "Incidents", "Severities",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // `sharpeyes dev seed`'s synthetic city: a developer tool, kept out of the product's store.
        .target(
            name: "Seeding",
            dependencies: ["Incidents", "Severities", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Dispatching",
            dependencies: [
                "Incidents", "InputSafety", "Severities", "Toolkit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The contract between the runtime and its plug-ins (stages, trackers) and observers (sinks, status).
        .target(
            name: "AnalysisKit",
            dependencies: ["Media", "Severities", .product(name: "Metrics", package: "swift-metrics")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Pipeline",
            dependencies: [
                "AnalysisKit", "Media", "Toolkit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "AnalysisKit", "Incidents", "Dispatching", "InputSafety", "Recognition", "Severities", "Toolkit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/console")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GB28181",
            dependencies: [
                "InputSafety", "Media", "Toolkit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Service",
            dependencies: [
                "AnalysisKit", "Media", "Pipeline", "Incidents", "Recognition", "Dispatching", "InputSafety", "Server",
                "GB28181", "Severities", "Toolkit", "PostgresStore", "Communities",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "sharpeyes",
            dependencies: [
                "AnalysisKit", "Media", "Pipeline", "Incidents", "Recognition", "Dispatching", "Service", "Server",
                "InputSafety", "Seeding", "Severities", "Toolkit", "PostgresStore",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "ToolkitTests",
            dependencies: ["Toolkit", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "MediaTests",
            dependencies: ["Media", "TestSupport"],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "IncidentsTests",
            dependencies: ["Incidents", "Seeding", "Severities", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "AnalysisKit", "Media", "Severities", "TestSupport", "Toolkit"],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "RecognitionTests",
            // Service for the store's sink: the face tests run real footage into a real database.
            dependencies: [
                "Recognition", "CVision", "AnalysisKit", "Pipeline", "Service", "Media", "Incidents", "Severities", "TestSupport",
                "Toolkit",
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "CommunitiesTests",
            dependencies: ["Communities", "Recognition"],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "DispatchingTests",
            dependencies: [
                "Dispatching", "Incidents", "InputSafety", "Severities", "TestSupport", "Toolkit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "Service", "Dispatching", "InputSafety", "TestSupport", "Incidents", "AnalysisKit", "Pipeline", "Recognition",
                "Severities", "Toolkit", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "AnalysisKit", "Pipeline", "Incidents", "Dispatching", "InputSafety", "Service", "Recognition",
                "Severities", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "GB28181Tests",
            dependencies: [
                "GB28181", "InputSafety", "Media", "TestSupport", "Toolkit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["TestSupport", "Dispatching", "InputSafety", "Recognition", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: testSwiftSettings
        ),
        // Both back ends against one seeded history, on a private PostgreSQL cluster (TestSupport.PostgresCluster).
        .testTarget(
            name: "PostgresTests",
            dependencies: [
                "PostgresStore", "Dispatching", "Incidents", "Seeding", "Severities", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: testSwiftSettings
        ),
        // Soak, fuzz and benchmark-like suites (minutes each): CI runs them after the main suites
        // (`swift test --skip SlowTests`, then `swift test --filter SlowTests`).
        .testTarget(
            name: "SlowTests",
            dependencies: ["TestSupport", "Dispatching", "Incidents", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: testSwiftSettings
        ),
    ],
    cxxLanguageStandard: .cxx17
)
