// Issue #7: a few thousand random and hostile statements fed to the built `gradbook -e`; every process
// must end normally (status 0 or 1, never a signal) and none may hang.

import Foundation
import Testing

@Suite("Hostile input never crashes or hangs the binary", .serialized)
struct HostileInputTests {
    /// Processes started; each runs `statementsPerProcess` statements as one -e script.
    static let processCount = 50
    static let statementsPerProcess = 60
    /// A process still running after this long is hung (a generous bound for a debug build on a busy
    /// machine; no timing is asserted otherwise).
    static let hangLimit: TimeInterval = 20

    /// Inputs known to stress a stage: deep nesting, huge numbers, bad brackets, NaN, long names, limits.
    static let hostile: [String] = [
        String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
        String(repeating: "-", count: 50_000) + "1", String(repeating: "[", count: 5_000),
        "1e999", "1e-999", "-0/0", "inf*0", "nan^0", "0^-1", "(-8)^(1/3)", "log(0)*0", "exp(1e308)",
        "diff(x^x^x^x^x, x, 20)", "diff(x^2, x, 1e308)", "diff(x, x, -1)", "diff(x, 2)", "grad(x, 1)",
        "f(x) = f(x) + 1; f(1)", "g(x) = h(x); h(x) = g(x); g(1)", "f(x, x) = x", "x = ", ":digits 99999999999999999999",
        ":load /dev/zero", ":save /", ":save /nonexistent/dir/f.gb", ":nosuch", "?", "??", "sin?", ":help " + String(repeating: "z", count: 5_000),
        "\"unclosed", "#", "\\", "x at", "x at y", "x at 1 = 2", "x == y == z", "Out[0]", "Out[1e30]", "_999999999999",
        "numdiff(x, x) at x = 1e308", "numdiff(sin(x), x, 0) at x = 1", "check(relu(x), x) at x = 0",
        "backward(1)", "sum([])", "mean([])", "[1, 2] + [1, 2, 3]", String(repeating: "x", count: 20_000),
        "a = 1" + String(repeating: "; a = a + a", count: 2_000) + "; grad(a, [a])",
        "\u{0}", "\u{7}", "é = 1", "𝑥 = 2", "x\u{301} = 3", "1 2 3", "((((", "))))", "[[[]]]", ",,,",
    ]

    /// Pieces the random statements are built from: the language's tokens plus junk.
    static let atoms = ["x", "y", "z", "w1", "0", "1", "-1", "2.5", "1e308", "1e-308", "inf", "nan", "pi", "e",
                        "sin(", "log(", "sqrt(", "exp(", "tanh(", "sigmoid(", "relu(", "abs(", "diff(", "grad(",
                        "numdiff(", "check(", "backward(", "sum(", "(", ")", "[", "]", ",", "+", "-", "*", "/", "^",
                        "**", "@", "==", "=", " at ", ";", ":", "?", "#", "$", "\"", "f(", "Out[", "_", "\n"]

    /// A deterministic random statement (SplitMix64, so a failure reproduces).
    static func randomStatement(_ state: inout UInt64) -> String {
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let length = Int(next() % 24) + 1
        return (0..<length).map { _ in atoms[Int(next() % UInt64(atoms.count))] }.joined()
    }

    @Test("every process exits with 0 or 1, no signal, no hang")
    func hostileInputs() throws {
        var state: UInt64 = 0x6772_6164_626F_6F6B
        for index in 0..<Self.processCount {
            var statements: [String] = []
            for _ in 0..<Self.statementsPerProcess { statements.append(Self.randomStatement(&state)) }
            // Two hostile inputs per process, in different places.
            statements.insert(Self.hostile[(2 * index) % Self.hostile.count], at: index % statements.count)
            statements.append(Self.hostile[(2 * index + 1) % Self.hostile.count])
            let script = statements.joined(separator: "\n")
            let (status, reason, hung) = try Self.run(["-e", script])
            #expect(!hung, "process \(index) still ran after \(Self.hangLimit) s; its script:\n\(script.prefix(2_000))")
            #expect(reason == .exit && (status == 0 || status == 1),
                    "process \(index) ended with \(reason == .exit ? "status" : "signal") \(status); its script:\n\(script.prefix(2_000))")
        }
    }

    @Test("code starting with a dash is the value of -e, not an unknown option")
    func dashCode() throws {
        let (status, reason, hung) = try Self.run(["-e", "-1 + 2", "-e", "--x"])
        #expect(!hung && reason == .exit && status == 0)
        // The argument parser alone would call `-=1` an unknown option (usage error, status 64); it is
        // code, and a syntax error in it is an ordinary failed statement (status 1).
        let (badStatus, badReason, badHung) = try Self.run(["-e", "-=1"])
        #expect(!badHung && badReason == .exit && badStatus == 1)
    }

    /// Runs gradbook, killing it after `hangLimit`; output is discarded (read so pipes never fill).
    static func run(_ arguments: [String]) throws -> (Int32, Process.TerminationReason, hung: Bool) {
        let process = Process()
        process.executableURL = Gradbook.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(hangLimit)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let hung = process.isRunning
        if hung {
            process.terminate()
            process.waitUntilExit()
        }
        return (process.terminationStatus, process.terminationReason, hung)
    }
}
