// swift-tools-version:6.0
// gradbook: a notebook-style REPL for learning and checking backpropagation.
import PackageDescription

let package = Package(
    name: "gradbook",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gradbook", targets: ["gradbook"]),
        .library(name: "GradbookCore", targets: ["GradbookCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // GNU readline (apt: libreadline-dev; brew: readline). No pkgConfig: readline's pkg-config flags
        // (-D_DEFAULT_SOURCE, -D_XOPEN_SOURCE=600 from tinfo) made SwiftPM print "prohibited flag(s)" on every
        // build, and the headers are on the system include path anyway. shim.h says what to install when
        // they are missing.
        .systemLibrary(name: "CReadline"),
        // All behaviour: source → tokens → syntax tree → values and graphs → derivatives → text.
        // No terminal I/O and no global state that changes what a session computes, so every stage is testable.
        // The inner loops of matrix products, compiled for SSE2, AVX2 and AVX-512 and chosen at start-up
        // (Sources/CMatrixKernels/MatrixKernels.c says why these few loops are C). Optimised in debug builds
        // too, so the tests' training runs are not slowed by unoptimised vector code.
        .target(
            name: "CMatrixKernels",
            cSettings: [.unsafeFlags(["-O2", "-gdwarf-4"])]
        ),
        // A number as printf writes it, without Swift's variadic-argument machinery (Support/NumberFormat.swift).
        // (DWARF 4, as above, so that valgrind can profile the program.)
        .target(name: "CNumberText", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        // Every node's serial, address and inputs in one flat record, for large backward passes
        // (Sources/CCreationRecord/include/CreationRecord.h says why it is C).
        // A release build counts the deaths of nodes without atomic instructions, as GradbookCore counts references.
        .target(name: "CCreationRecord", cSettings: [
            .unsafeFlags(["-gdwarf-4"]), .define("GRADBOOK_NODES_ON_ONE_THREAD", .when(configuration: .release)),
        ]),
        .target(
            name: "GradbookCore",
            dependencies: ["CMatrixKernels", "CNumberText", "CCreationRecord"],
            swiftSettings: [
                // Graph traversals write a scratch mark into every node they visit; the run-time
                // exclusivity check on those writes cost more than the traversal itself (measured with
                // gradbook-bench). Debug builds, and so the tests, keep the check.
                // Reference counts without atomic instructions (-assume-single-threaded): a session runs on one
                // thread, and a quarter of a loop's time was the atomic increments and decrements of its nodes'
                // counts (the loop then its gradient, and the training loop, 13-15% faster). Sound only while no
                // object of this module is retained or released on two threads at once, so GradbookCore starts no
                // thread (dot runs through `ChildProcess`, poll(2) on this thread), and .ci/run checks that.
                .unsafeFlags(["-enforce-exclusivity=unchecked", "-static-stdlib", "-Xfrontend", "-assume-single-threaded"],
                             .when(configuration: .release)),
            ]
        ),
        // Everything that touches a terminal: readline, signals, colour detection.
        .target(
            name: "GradbookTerminal",
            dependencies: ["GradbookCore", "CReadline"],
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "gradbook",
            dependencies: [
                "GradbookCore",
                "GradbookTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime and Foundation linked in: resolving their symbols at every start was about
            // half of a start-up (30.8 → 17.9 M instructions; 11.9 → 5.4 ms to a first derivative). The
            // binary grows from 16 to 86 MB. Release only, so debug builds and tests link as before.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))],
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "gradbook-bench",
            dependencies: ["GradbookCore"],
            path: "Benchmarks/gradbook-bench",
            // Linked as gradbook is: GradbookCore's release objects expect the static runtime.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))],
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]
        ),
        .testTarget(
            name: "GradbookCoreTests",
            dependencies: [
                "GradbookCore",
                .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "TranscriptTests",
            dependencies: ["GradbookCore"],
            exclude: ["Transcripts"]
        ),
        // Drives the built binary in tmux for the tests that press keys as a person would.
        .target(name: "TerminalDriver", path: "Tests/TerminalDriver"),
        .testTarget(
            name: "TerminalTests",
            dependencies: ["GradbookCore", "GradbookTerminal", "gradbook", "TerminalDriver"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["gradbook"]
        ),
        // Every shipped lesson replays, its exercises check, and the runner walks it (scripted and under tmux).
        .testTarget(
            name: "LessonTests",
            dependencies: ["GradbookCore", "GradbookTerminal", "gradbook", "TerminalDriver"]
        ),
    ]
)
