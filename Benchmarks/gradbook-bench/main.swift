// gradbook's benchmark command: `swift run -c release gradbook-bench`. Prints a table of figures; the
// goals come from the issues, the figures are measured here, and nothing is asserted.

import Foundation
import GradbookCore

/// Keeps the optimiser from deleting work whose result is unused.
@inline(never) func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// The median wall-clock time of `runs` calls of `body`, in seconds.
func median(runs: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    times.sort()
    return times[times.count / 2]
}

func milliseconds(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1e3) }

func row(_ name: String, _ figure: String, _ goal: String) {
    print(name.padding(toLength: 52, withPad: " ", startingAt: 0) + figure.padding(toLength: 22, withPad: " ", startingAt: 0) + goal)
}

// MARK: start-up

func startUp() {
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let executable = folder.appendingPathComponent("gradbook")
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
        row("start-up: gradbook -e '1+1'", "not built", "build it: swift build -c release")
        return
    }
    // posix_spawn, not Foundation's Process: Process adds ~45 ms of its own to every launch here.
    func launch() {
        let arguments = [executable.path, "-e", "1+1"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable.path, &actions, nil, &argv, environ) == 0 else { return }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
    for _ in 0..<3 { launch() }
    row("start-up: gradbook -e '1+1' (median of 30)", milliseconds(median(runs: 30, launch)), "goal < 15 ms")
}

// MARK: the tanh chain

/// f1 = tanh(w1*x + b1), fk = tanh(wk*f(k-1) + bk): the chain and its 2N+1 leaves.
func tanhChain(_ n: Int) -> (output: Node, leaves: [Node], w1: Node) {
    let x = Node.leaf("x", value: 0.3)
    var leaves = [x]
    var f = x
    var w1 = x
    for k in 1...n {
        let w = Node.leaf("w\(k)", value: 0.5 + 0.01 * Double(k))
        let b = Node.leaf("b\(k)", value: 0.1)
        if k == 1 { w1 = w }
        leaves += [w, b]
        f = Node.make(.function(.tanh), [Node.make(.add, [Node.make(.multiply, [w, f]), b])])
    }
    return (f, leaves, w1)
}

func tanhChains() {
    for n in [10, 20, 40, 80, 160] {
        let chain = tanhChain(n)
        var single = Calculus.derivative(of: chain.output, withRespectTo: chain.w1)
        let singleTime = median(runs: 5) { single = Calculus.derivative(of: chain.output, withRespectTo: chain.w1) }
        var full = Calculus.gradient(of: chain.output, withRespectTo: chain.leaves)
        let fullTime = median(runs: 5) { full = Calculus.gradient(of: chain.output, withRespectTo: chain.leaves) }
        row("tanh chain N=\(n): diff(fN, w1)", "\(milliseconds(singleTime)), \(single.size) nodes", "linear growth")
        row("tanh chain N=\(n): full gradient (\(2 * n + 1) names)", "\(milliseconds(fullTime)), \(full.size) nodes",
            n == 160 ? "goal < 20 ms" : "linear growth")
    }
}

// MARK: backward over a large scalar graph

func largeBackward() {
    let count = 100_000
    let x = Node.leaf("x", value: 0.5)
    let y = Node.leaf("y", value: -1.5)
    var nodes = [x, y]
    var state: UInt64 = 42
    func next() -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(state >> 33)
    }
    let operations: [Node.Operation] = [.add, .multiply, .subtract, .function(.tanh), .function(.sigmoid)]
    while nodes.count < count {
        let operation = operations[next() % operations.count]
        // Each node uses the one before it, so all 100,000 are part of the output's graph.
        let a = nodes[nodes.count - 1]
        let b = nodes[next() % nodes.count]
        switch operation {
        case .function: nodes.append(Node.make(operation, [a]))
        default: nodes.append(Node.make(operation, [a, b]))
        }
    }
    let output = nodes[nodes.count - 1]
    var gradient = 0.0
    let time = median(runs: 7) { gradient = Backpropagation(from: output).gradient(of: x) ?? 0 }
    blackHole(gradient)
    row("backward over a 100,000-node scalar graph", milliseconds(time), "goal < 10 ms")
    var reached = 0
    let orderTime = median(runs: 7) { reached = Node.topologicalOrder(from: [output]).count }
    row("  of which the topological order (\(reached) nodes)", milliseconds(orderTime), "")
}

// MARK: parse + evaluate throughput

func statementThroughput() {
    var lines = ["v0 = 0.5", "v1 = -1.25"]
    var state: UInt64 = 7
    func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(state >> 33) % bound
    }
    let forms = ["v%a + v%b*0.5", "sin(v%a) - v%b", "tanh(v%a*v%b + 1)", "(v%a - v%b)^2/10", "sigmoid(v%a) + relu(v%b)"]
    for index in 2..<10_000 {
        let form = forms[next(forms.count)]
            .replacingOccurrences(of: "%a", with: String(next(index)))
            .replacingOccurrences(of: "%b", with: String(next(index)))
        lines.append("v\(index) = \(form)")
    }
    let script = lines.joined(separator: "\n")
    let time = median(runs: 3) { blackHole(Notebook().run(script)) }
    row("parse + evaluate 10,000 statements", "\(milliseconds(time)) (\(Int(10_000 / time)) /s)", "throughput")
}

print("gradbook benchmarks (release build; medians; nothing here is asserted)")
print(String(repeating: "-", count: 96))
startUp()
tanhChains()
largeBackward()
statementThroughput()
