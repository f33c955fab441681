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
    timings(runs: runs, body).median
}

/// The median and the fastest wall-clock time of `runs` calls of `body`, in seconds: on a shared virtual
/// machine the fastest says what the code can do, the median what a user may see.
func timings(runs: Int, _ body: () -> Void) -> (median: Double, fastest: Double) {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    times.sort()
    return (times[times.count / 2], times[0])
}

/// The median CPU time this process spent in `runs` calls of `body`, in seconds: on a machine other work
/// keeps busy, wall-clock medians measure the queue as much as the work.
func cpuMedian(runs: Int, _ body: () -> Void) -> Double {
    func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
    var times: [Double] = []
    for _ in 0..<runs {
        let start = now()
        body()
        times.append(now() - start)
    }
    times.sort()
    return times[times.count / 2]
}

func milliseconds(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1e3) }

func row(_ name: String, _ figure: String, _ goal: String) {
    print(name.padding(toLength: 56, withPad: " ", startingAt: 0) + figure.padding(toLength: 46, withPad: " ", startingAt: 0) + goal)
}

// MARK: start-up

/// The gradbook executable built beside this one, or nil (with a row saying so) when it is not built.
func gradbookExecutable(for what: String) -> String? {
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let executable = folder.appendingPathComponent("gradbook").path
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        row(what, "not built", "build it: swift build -c release")
        return nil
    }
    return executable
}

/// Runs the gradbook executable with `arguments`, its output to /dev/null, and waits for it to end.
/// posix_spawn, not Foundation's Process: Process adds ~45 ms of its own to every launch here.
func launch(_ executable: String, _ arguments: [String]) {
    var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, &argv, environ) == 0 else { return }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
}

func startUp() {
    guard let executable = gradbookExecutable(for: "start-up: gradbook -e '1+1'") else { return }
    for _ in 0..<3 { launch(executable, ["-e", "1+1"]) }
    row("start-up: gradbook -e '1+1' (median of 30)", milliseconds(median(runs: 30) { launch(executable, ["-e", "1+1"]) }), "goal < 15 ms")
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
    let time = timings(runs: 21) { gradient = Backpropagation(from: output).gradient(of: x) ?? 0 }
    blackHole(gradient)
    row("backward over a 100,000-node scalar graph", "\(milliseconds(time.median)) (fastest \(milliseconds(time.fastest)))", "goal ≤ 3 ms")
    var reached = 0
    let orderTime = timings(runs: 21) { reached = Node.topologicalOrder(from: [output]).count }
    row("  of which the topological order (\(reached) nodes)", "\(milliseconds(orderTime.median)) (fastest \(milliseconds(orderTime.fastest)))", "")
    backwardThroughNotebook()
}

/// The same through the commands a user types: a graph built by `repeat`, then `backward(v)`, `grad(v, [x])` as a
/// whole statement (shown from the backward pass, `DeferredGradient`) and bound to a name, run as cells of the
/// notebook (parse, evaluate, bind, show), each timed alone. 32,000 repetitions make 96,002 nodes,
/// just under what a repeat keeps before it drops history.
func backwardThroughNotebook() {
    let notebook = Notebook()
    let repetitions = 32_000
    notebook.run("x = 0.9; v = 0.5; repeat \(repetitions) { v = v*x + 0.1 }")
    let nodes = heldNodes("v", in: notebook)
    func cell(_ code: String) -> String {
        let empty = timings(runs: 15) { blackHole(notebook.run("b = 1")) }, emptyCPU = cpuMedian(runs: 15) { blackHole(notebook.run("b = 1")) }
        let wall = timings(runs: 15) { blackHole(notebook.run(code)) }
        let cpu = cpuMedian(runs: 15) { blackHole(notebook.run(code)) } - emptyCPU
        return "\(milliseconds(wall.median - empty.median)) (CPU \(milliseconds(cpu)), fastest \(milliseconds(wall.fastest - empty.fastest)))"
    }
    print("v = 0.5; repeat \(repetitions) { v = v*x + 0.1 } holds \(nodes) nodes; each cell alone, through Notebook.run:")
    row("  b = backward(v)", cell("b = backward(v)"), "goal ≤ 3 ms")
    row("  grad(v, [x]) (shown; its graph is built when read)", cell("grad(v, [x])"), "")
    row("  g = grad(v, [x]) (a graph that differentiates again)", cell("g = grad(v, [x])"), "")
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

// MARK: the interpreter's per-statement cost (issue #17 §1), whole processes

/// A simple statement inside `repeat`, and a long script through `gradbook run`, each as the whole process a
/// user starts (less an empty run's start-up), so every per-statement cost of the command is in the figure.
func interpreter() {
    guard let executable = gradbookExecutable(for: "gradbook -e 'repeat 200000 { y = 1 }'") else { return }
    let empty = median(runs: 5) { launch(executable, ["-e", "1"]) }
    let repetitions = 200_000
    let loop = median(runs: 3) { launch(executable, ["-e", "repeat \(repetitions) { y = 1 }"]) } - empty
    row("gradbook -e 'repeat \(repetitions) { y = 1 }'", String(format: "%.0f ms, %.2f µs/repetition", loop * 1e3, loop / Double(repetitions) * 1e6),
        "goal ≤ 0.3 µs")
    // The longest script gradbook reads as one: Lexer.maximumLength characters, a statement per line.
    let statements = (Lexer.maximumLength - 1) / 4
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-bench-\(getpid()).gb")
    defer { try? FileManager.default.removeItem(at: script) }
    guard (try? String(repeating: "y=1\n", count: statements).write(to: script, atomically: true, encoding: .utf8)) != nil else { return }
    let run = median(runs: 3) { launch(executable, ["run", script.path]) } - empty
    row("gradbook run FILE (\(statements) lines of y=1)", String(format: "%.0f ms, %.0f statements/s", run * 1e3, Double(statements) / run),
        "goal ≥ 1,000,000/s")
}

// MARK: numeric gradients over matrices (issue #17 §4), whole processes

/// `check` and `numdiff` with respect to a whole matrix, as the command a user types (less an empty run's
/// start-up), at growing sizes: each element's estimate re-runs only what that element moves.
func numericGradients() {
    guard let executable = gradbookExecutable(for: "gradbook -e 'check(L, W)'") else { return }
    let empty = median(runs: 5) { launch(executable, ["-e", "1"]) }
    for n in [50, 100] {
        for (product, name) in [("W @ x", "a matrix product"), ("W * x", "a broadcast product")] {
            let code = "W = randn(\(n), \(n)); x = randn(\(n), 1); c = check(sum(tanh(\(product))^2), W)"
            let time = median(runs: 3) { launch(executable, ["-e", code]) } - empty
            row("check(sum(tanh(\(product))^2), W), \(n)×\(n)", String(format: "%.0f ms", time * 1e3), name)
        }
    }
    for units in [32, 64, 128] {
        let code = "m = moons(100, seed = 1); net = mlp(2, [\(units), \(units), 1], act = tanh, seed = 1); "
            + "n = numdiff(bce(net(m.X), m.Y), net.W2)"
        let time = median(runs: units < 128 ? 3 : 1) { launch(executable, ["-e", code]) } - empty
        row("numdiff(L, net.W2), \(units)×\(units) layer, 100 examples", String(format: "%.0f ms", time * 1e3),
            "\(units * units) weights" + (units == 128 ? "; was about 30 s (issue #17)" : ""))
    }
}

// MARK: training

func training() {
    let xorNet = Network.make(sizes: [2, 4, 1], activation: .tanh, activateLast: false, seed: 1)
    var xorOutcome: Trainer.Outcome?
    let xorTime = median(runs: 5) {
        xorOutcome = Trainer(network: xorNet, data: .xor(), loss: .mse, learningRate: 0.1, epochs: 1000, batchSize: nil, optimizer: .sgd)
            .run(interruption: nil)
    }
    let xorLoss = xorOutcome?.history.last ?? .nan
    row("XOR 2-4-1 tanh, 1000 full-batch steps", milliseconds(xorTime) + String(format: " (%.1f µs/step)", xorTime * 1e3), "goal < 5 ms")
    row("  final loss", String(format: "%.2e", xorLoss), "")

    let moons = Dataset.moons(100, noise: 0.1, seed: 1)
    let moonsNet = Network.make(sizes: [2, 16, 16, 1], activation: .relu, activateLast: false, seed: 1)
    let moonsTime = median(runs: 5) {
        blackHole(Trainer(network: moonsNet, data: moons, loss: .bce, learningRate: 0.05, epochs: 100, batchSize: nil, optimizer: .sgd)
            .run(interruption: nil))
    }
    row("moons 100 points, 2-16-16-1, 100 full-batch steps", milliseconds(moonsTime) + String(format: " (%.1f µs/step)", moonsTime * 1e4), "goal < 50 µs/step")

    // One gradient by backprop against the same gradient by central differences, for every weight.
    let parameters = moonsNet.parameters.map(\.node)
    let loss = Loss.bce.node(moonsNet.forward(.constant(moons.inputs)) { Node.make($0, $1) }, .constant(moons.targets)) { Node.make($0, $1) }
    let backpropTime = median(runs: 5) {
        let pass = Backpropagation(from: loss)
        blackHole(parameters.map { pass.tensorGradient(of: $0) })
    }
    let numericTime = median(runs: 3) {
        blackHole(parameters.map { try? NumericDerivative.tensorGradient(of: loss, at: $0, interruption: nil, range: .at(0)) })
    }
    let weightCount = moonsNet.parameterCount
    row("  one backprop gradient (\(weightCount) weights)", milliseconds(backpropTime), "")
    row("  one numeric gradient (4 forward passes per weight)", milliseconds(numericTime) + String(format: " (%.0f× slower)", Double(numericTime) / Double(backpropTime)), "lesson material")
}

// MARK: exports

/// :export of a session whose formula, written out, would double at every one of n steps: the LaTeX and
/// MathML are cut short with …, so the time should grow with the formula's stored size, not its written one.
func exports() {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-bench-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for n in [500, 2000, 8000] {
        let notebook = Notebook(workingDirectory: folder)
        notebook.run("repeat \(n) { w = w*7*X*cos(z - w) }")
        notebook.run("w")
        let time = median(runs: 3) { blackHole(notebook.run(":export deep.html")) }
        row("  :export .html of a \(n)-step shared formula", milliseconds(time), n == 500 ? "grows linearly in n" : "")
    }
}

// MARK: repeat loops

/// The nodes the graph of a binding holds after a loop: bounded, however long the loop ran.
func heldNodes(_ name: String, in notebook: Notebook) -> Int {
    guard case .value(let value, _)? = notebook.bindings[name], let node = value.node else { return 0 }
    return Node.topologicalOrder(from: [node]).count
}

/// The training loops of issue #14, end to end through a notebook: time per repetition stays flat as N grows,
/// and the history a loop holds stays bounded (`RepeatHistory`).
func loops() {
    for n in [1_000, 10_000, 100_000] {
        var notebook = Notebook()
        let time = median(runs: n < 100_000 ? 3 : 1) {
            notebook = Notebook()
            blackHole(notebook.run("w = 0; repeat \(n) { w = w - 0.01*grad((w - 3)^2, w) }; w"))
        }
        row("repeat \(n) { w = w - 0.01*grad((w - 3)^2, w) }", String(format: "%.0f ms, %.1f µs/step", time * 1e3, time / Double(n) * 1e6),
            n == 100_000 ? "goal < 1 s" : "linear growth")
        row("  nodes the graph of w holds afterwards", "\(heldNodes("w", in: notebook))", "bounded")
    }
    let cases = [("W = randn(20, 20); x = ones(20)", "repeat 1600 { W = W - 0.01*grad(sum(tanh(W @ x)^2), W) }", "linear"),
                 ("W = randn(100, 100)", "repeat 15000 { W = W - 0.001*W } (100×100)", "bounded memory (was 2.38 GB)")]
    for (setup, loop, goal) in cases {
        let notebook = Notebook()
        notebook.run(setup)
        let time = median(runs: 1) { blackHole(notebook.run(loop.replacingOccurrences(of: " (100×100)", with: ""))) }
        row(String(loop.prefix(55)), "\(milliseconds(time)), \(heldNodes("W", in: notebook)) nodes", goal)
    }
}

print("gradbook benchmarks (release build; medians; nothing here is asserted)")
print(String(repeating: "-", count: 96))
// `gradbook-bench` runs every section; `gradbook-bench backward training` runs the ones named.
let sections: [(name: String, run: () -> Void)] = [
    ("startup", startUp), ("tanh", tanhChains), ("backward", largeBackward),
    ("statements", statementThroughput), ("interpreter", interpreter), ("numeric", numericGradients), ("training", training),
    ("export", exports), ("loops", loops),
]
let requested = Set(CommandLine.arguments.dropFirst())
if let unknown = requested.first(where: { name in !sections.contains { $0.name == name } }) {
    print("gradbook-bench: no section called '\(unknown)'; the sections are \(sections.map(\.name).joined(separator: ", ")).")
    exit(2)
}
// As the gradbook executable does, so arrays are served as a user's commands get them.
MemoryReuse.configure()
for section in sections where requested.isEmpty || requested.contains(section.name) { section.run() }
