// swift-tools-version: 6.2
import PackageDescription

/// Settings every Swift target shares: Swift 6 mode is the package default; these upcoming
/// features keep imports explicit and existentials visible.
let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "synapse",
  products: [
    .executable(name: "synapse", targets: ["synapse"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // MARK: - C libraries (module map + shim.h only)

    .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    // libarchive, libcurl and libgit2 are loaded with dlopen on first use, so they carry no
    // pkgConfig (which would link them into every command's start-up); see docs/ARCHITECTURE.md.
    .systemLibrary(name: "CArchive", providers: [.apt(["libarchive-dev"])]),
    .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(name: "CGit2", providers: [.apt(["libgit2-dev"])]),

    // MARK: - Wrappers (one per C library) and pure-Swift helpers

    .target(name: "Hashing", dependencies: ["CCrypto"], swiftSettings: strictSettings),
    .target(name: "YAML", dependencies: ["CLibYAML"], swiftSettings: strictSettings),
    .target(name: "Archive", dependencies: ["CArchive"], swiftSettings: strictSettings),
    .target(name: "HTTP", dependencies: ["CCurl"], swiftSettings: strictSettings),
    .target(name: "Git", dependencies: ["CGit2"], swiftSettings: strictSettings),
    .target(name: "Ignore", swiftSettings: strictSettings),
    .target(name: "Schema", dependencies: ["YAML"], swiftSettings: strictSettings),
    .target(name: "PythonSource", swiftSettings: strictSettings),
    .target(name: "Discovery", dependencies: ["PythonSource"], swiftSettings: strictSettings),

    // MARK: - Engine, plugin domain, CLI

    .target(name: "Pipeline", dependencies: ["Hashing"], swiftSettings: strictSettings),
    .target(
      name: "Stages",
      dependencies: [
        "Pipeline", "Hashing", "YAML", "Archive", "HTTP", "Git", "Ignore", "Schema", "PythonSource", "Discovery",
      ],
      swiftSettings: strictSettings
    ),
    .executableTarget(
      name: "synapse",
      dependencies: [
        "Stages", "Pipeline", "HTTP", "Git", "YAML", "Schema",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSettings
    ),

    // MARK: - Tests

    .target(name: "TestSupport", dependencies: ["Pipeline", "Hashing"], path: "Tests/TestSupport"),
    .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
    .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
    .testTarget(name: "ArchiveTests", dependencies: ["Archive", "TestSupport"]),
    .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"]),
    .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"]),
    .testTarget(name: "IgnoreTests", dependencies: ["Ignore", "TestSupport"]),
    .testTarget(name: "SchemaTests", dependencies: ["Schema", "YAML", "TestSupport"]),
    .testTarget(name: "PythonSourceTests", dependencies: ["PythonSource", "TestSupport"]),
    .testTarget(name: "DiscoveryTests", dependencies: ["Discovery", "PythonSource", "Schema", "YAML", "TestSupport"]),
    .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Hashing", "TestSupport"]),
    .testTarget(
      name: "StagesTests", dependencies: ["Stages", "Pipeline", "Archive", "HTTP", "YAML", "Schema", "Hashing", "TestSupport"]),
    .testTarget(name: "CLITests", dependencies: ["TestSupport", "Archive", "Hashing", "YAML"]),
  ],
  swiftLanguageModes: [.v6]
)
