// Every hint names a call that works: each hint in the core is listed here, and each call a hint suggests
// (marked with backticks in the catalogue) is run in the session that produced the hint and must not fail.
//
// The table is kept complete by reading the sources: every line of Sources/GradbookCore that gives a
// diagnostic a hint must match exactly one entry, so a new hint without an entry fails `everyHintIsListed`.

import Foundation
@testable import GradbookCore
import Testing

/// One hint site: a fragment of its source line, and the situations that make it appear.
struct HintSite: Sendable, CustomTestStringConvertible {
    /// Text found on exactly one hint line of the sources.
    let site: String
    /// Cells that trigger the hint: every cell but the last is setup, the last must fail with this hint.
    /// Empty for a hint in prose, which suggests no call (its line must then hold no backtick).
    let situations: [[String]]
    /// Files to create in the session's folder first (name, contents).
    var files: [(String, String)] = []

    var testDescription: String { site }

    static func prose(_ site: String) -> HintSite { HintSite(site: site, situations: []) }
}

@Suite("Every hint names a call that works")
struct HintAuditTests {
    static let sites: [HintSite] = [
        // Diagnostic+Messages.swift
        HintSite(site: "has no value yet; give it one first, for example `\\(symbol) = [1, 2, 3]`", situations: [["jacobian(softmax(z), z)"], ["sum(softmax(q))"]]),
        HintSite(site: "for example `x^2 at \\(name) = 2`", situations: [["x^2 at x 2"]]),
        HintSite(site: "for example `x*y at x = 2, y = 3`", situations: [["x^2 at 3 = 2"]]),
        HintSite(site: "compare two at a time", situations: [["1 == 1 == 1"]]),
        HintSite(site: "run it on its own, before or after the block", situations: [["w = 0", "repeat 2 { w = w + 1; :digits 3 }"]]),
        HintSite(site: "`diff(x^5, x, 2)` is the second derivative", situations: [["diff(x^3, x, 0)"]]),
        HintSite(site: "for example `:digits 10`", situations: [[":digits 99"]]),
        .prose("bind a result to a name to keep it for good"),
        .prose("gradbook counts from 1: [1] picks the first element"),
        HintSite(site: "finish the expression, for example", situations: [["2 +"]]),
        HintSite(site: "finish the expression before the ';'", situations: [["x = 2 + ; 3"]]),
        .prose("run gradbook itself"),
        .prose("for the value at a point, bind the names"),
        HintSite(site: "bind it first (`\\(first) = 1`)", situations: [["numdiff(x^2, x)"], ["forward_diff(x^3, x)"]]),
        HintSite(site: "hint: example)", situations: [["sin + 1"], ["f(a, b) = a*b", "f + 1"], ["grad + 1"]]),
        .prose("gradbook functions cannot be recursive"),
        .prose("run fewer repetitions to keep all of it"),
        .prose("split it into smaller cells or files"),
        .prose("pick another name, such as"),
        .prose("remove the :load line"),
        .prose("needs an argument.\", hint: \"usage: \\(usage)\")"),
        // :answer's hints name the notebook and the lessons, which a core session does not have (LessonNotebookTests runs them).
        .prose("for example :answer 3.1 0.25 answers the first exercise"),
        .prose("run the notebook's cells above this one first"),
        .prose("use it in the REPL or in a lesson's notebook"),
        .prose("gradbook lesson lists the lessons; if it lists none"),
        .prose("each exercise's cell in the lesson's notebook starts with its number"),
        .prose("write numbers like 2"),
        .prose("close \\(opened.description) with"),
        .prose("name the inner parts first"),
        .prose("_ is the last result shown"),
        HintSite(site: "with a plain name, for example", situations: [["diff(x^2, 2)"], ["numdiff(x^2, 3)"], ["check(x^2, 3)"]]),
        HintSite(site: "for the gradient of the sum of the rows", situations: [["B = ones(200, 200)", "jacobian(B @ ones(200), B)"]]),
        HintSite(site: "a value first, for example `\\(name) = 1`", situations: [["v = [1, 2]", "jacobian(v^2, [v, q])"]]),
        .prose("take it with respect to fewer elements"),
        HintSite(site: "check it with its own input", situations: [["w = 1; b = 2", "check(w*b, [w, b], 3)"]]),
        HintSite(site: "take it with respect to the names themselves", situations: [["v = [s1, 2]", "hessian(sum(v^3), v)"], ["W = [[a, b], [1, 2]]", "hessian(sum(W^2) + a*b, W)"]]),
        HintSite(site: "check it with `det(", situations: [["inv([[1, 2], [2, 4]])"]]),
        .prose("diag(v) of a vector makes a diagonal matrix"),
        HintSite(site: "bind the free names to numbers first", situations: [["W = [[1, 2], [3, 4]]", "jacobian(W @ [x, 1], W)"]]),
        HintSite(site: "function == \"jacobian\"", situations: [["grad(x^2, 3)"], ["jacobian([x], 3)"], ["hessian(x^2, 3)"]]),
        .prose("recompute '\\(expression)' from the new"),
        .prose("the largest is about 1.8e308"),
        .prose("give each parameter its own name"),
        HintSite(site: "save under another name", situations: [[":save notes.gb"]], files: [("notes.gb", "x = 3\n")]),
        .prose("check the shapes with shape(…)"),
        .prose("the columns of the left must equal the rows of the right"),
        .prose("gradbook counts from 1, as mathematics does"),
        .prose("use smaller sizes."),
        HintSite(site: "to a number first (`\\(example) = 1`)", situations: [["z*ones(200, 200)"]]),
        HintSite(site: "leave it out and gradbook chooses", situations: [["x = 2", "numdiff(x^2, x, 1e-30)"]]),
        HintSite(site: "hint: \"for example `\\(call)`.\"", situations: [["x = 2", "check(x^2, x, rtol = 5)"]]),
        .prose("use + - * / ^ for arithmetic"),
        .prose("leave out the quotes to use a name"),
        .prose("on the same line."),
        .prose("add \\(closingBracket(for: opened)) at the end"),
        .prose("remove it, or add the opening bracket"),
        .prose("(:help lists every command)"),
        HintSite(site: "define it first, for example", situations: [["frobnicate(2)"]]),
        HintSite(site: "`:help \\(function)` shows how to call it", situations: [
            ["x = 2", "check(x^2, x, foo = 1)"], ["mlp(2, [1], foo = 1)"], ["randn(2, 2, foo = 1)"], ["graph(x^2, foo = 1)"],
        ]),
        HintSite(site: "its arguments take no names", situations: [["f(a) = a^2", "f(foo = 1)"], ["g(a, b) = a*b", "g(2, foo = 1)"]]),
        .prose("names are case-sensitive"),
        // Evaluation
        .prose("use smaller matrices; a network learns"),
        HintSite(site: "check(EXPR, x) or check(EXPR, x, your_gradient)", situations: [["check(x)"]]),
        HintSite(site: "transposedCall.map { \"try `", situations: [["W = [[1, 2], [3, 4], [5, 6]]", "check(sum(W^2), W, transpose(2*W))"]]),
        HintSite(site: "diff(EXPR, x) or diff(EXPR, x, n)", situations: [["diff(x)"]]),
        HintSite(site: "hint: elementHint(of:", situations: [
            ["W = [[1, 2], [3, 4]]", "diff(sum(W^2), W)"], ["v = [1, 2]", "diff(sum(sin(v)), v)"],
            ["net = mlp(2, [3, 1])", "diff(mse(net([0, 1]), [1]), net.W1)"],
        ]),
        HintSite(site: "usage: grad(EXPR, [x, y])", situations: [["grad(x)"]]),
        .prose("bind the free names to numbers (or use at)"),
        HintSite(site: "differentiate with respect to the names in it", situations: [["u2 = [p, 2*q]", "grad(sum(u2^2), u2)"]]),
        HintSite(site: "usage: backward(EXPR)", situations: [["backward()"]]),
        HintSite(site: "numdiff(EXPR, x) or numdiff(EXPR, x, h)", situations: [["numdiff(x)"]]),
        HintSite(site: "\"mlp(2, [4, 1])\" : \"layer(3, 2)\"", situations: [["mlp(2)"], ["layer(3)"]]),
        HintSite(site: "usage: `xor()`", situations: [["xor(1)"]]),
        HintSite(site: "usage: `\\(name)(100)`", situations: [["moons()"], ["circles()"], ["line()"]]),
        HintSite(site: "usage: \\(name)(prediction, target)", situations: [["mse(1)"], ["bce(1)"], ["cross_entropy(1)"], ["hinge(1)"]]),
        HintSite(site: "usage: dataset(X, Y)", situations: [["dataset(1)"]]),
        HintSite(site: "a vector counts as one column", situations: [["dataset([[0, 1], [1, 0]], [1, 2, 3])"]]),
        HintSite(site: "usage: `spiral(90)`", situations: [["spiral()"]]),
        HintSite(site: "usage: l2(net)", situations: [["l2()"]]),
        HintSite(site: "usage: train(net, data, lr = 0.1, epochs = 100)", situations: [["train(1)"]]),
        HintSite(site: "for example `net = mlp(2, [4, 1]); train(net, xor())`", situations: [["train(mlp(2, [1]), xor())"]]),
        HintSite(site: "make the first and last layer sizes match", situations: [["net = mlp(3, [1])", "train(net, xor())"]]),
        HintSite(site: "shows the examples; make the data set again without that one", situations: [["net = mlp(2, [1]); d = dataset([[nan, 1]], [[1]])", "train(net, d)"]]),
        HintSite(site: "for one output and labels 0 and 1 use bce", situations: [["net = mlp(2, [1])", "train(net, xor(), loss = cross_entropy, epochs = 2)"]]),
        .prose("compute a loss from \\(network) and run backward"),
        .prose("usage: load(\\\"data.csv\\\")"),
        .prose("a CSV for load has a header line"),
        .prose("pass a vector of \\(expected) numbers"),
        HintSite(site: "usage: eye(n)", situations: [["eye()"]]),
        // Evaluator+Extrema.swift
        HintSite(site: "\\(name)(W, dimension) or \\(name)(a, b)", situations: [["max()"], ["min(1, 2, 3)"]]),
        HintSite(site: "usage: clip(x, low, high)", situations: [["clip(1)"]]),
        HintSite(site: "usage: leaky_relu(x, slope = 0.01)", situations: [["leaky_relu()"]]),
        HintSite(site: "usage: norm(v)", situations: [["norm()"]]),
        HintSite(site: "usage: prod(v)", situations: [["prod()"]]),
        HintSite(site: "usage: linspace(a, b, n)", situations: [["linspace(1)"]]),
        HintSite(site: "usage: \"\\(name)(v) or \\(name)(W, dimension)", situations: [["sum()"], ["mean()"]]),
        HintSite(site: "for example `\\(name)(3)` or `\\(name)(2, 3)`", situations: [["zeros()"], ["randn()"]]),
        HintSite(site: "for example `[1, 2, 3]`", situations: [["[]"]]),
        HintSite(site: "a vector is `[1, 2, 3]`", situations: [["[[1, 2], 3]"]]),
        HintSite(site: "a matrix is a list of equally long rows", situations: [["[[1, 2], [3]]"]]),
        HintSite(site: "usage: graph(EXPR)", situations: [["graph()"]]),
        HintSite(site: "usage: explain(backward(EXPR))", situations: [["explain()"]]),
        HintSite(site: "usage: latex(EXPR)", situations: [["latex()"]]),
        .prose("write out a smaller example"),
        HintSite(site: "usage: boundary(net, data)", situations: [["boundary(1)"]]),
        HintSite(site: "to draw a function, name the variable and the range", situations: [["plot(sin(x))"]]),
        HintSite(site: "or plot(v) for a vector v", situations: [["plot(1, 2)"]]),
        HintSite(site: "to multiply.", situations: [["a = 2", "a(3)"]]),
        HintSite(site: "apply it to each value separately", situations: [["sin(1, 2)"]]),
        HintSite(site: "at: range, hint: \"usage: \\(usage)\")", situations: [["diff(x)"]]),
        .prose("it was defined as \\(signature)"),
        HintSite(site: "usage: jacobian([f1, f2], [x, y])", situations: [["jacobian(1)"]]),
        HintSite(site: "usage: hessian(f, [x, y])", situations: [["hessian(1)"]]),
        HintSite(site: "usage: \"forward_diff(EXPR, x) or forward_diff(EXPR, w, v)", situations: [["forward_diff(1)"]]),
        HintSite(site: "for every element at once", situations: [["v = [1, 2]", "forward_diff(sum(v^2), v)"], ["v = [1, 2]", "forward_diff(v^2, v)"]]),
        HintSite(site: "hint: \"for example `\\(example)`.\")", situations: [["z = [1, 2]", "forward_diff(z, z, [1])"], ["x = 1", "forward_diff(x^2, x, [1, 2])"]]),
        HintSite(site: "reduce the expression first, for example `\\(call)`", situations: [["v = ones(101); w = ones(100)", "forward_diff(v*sum(w), w, ones(100))"]]),
        .prose("grad of the same expression gives the exact value"),
        HintSite(site: "reduce it first, for example", situations: [["grad([x, 2*x], x)"]]),
        .prose("use grad(…) (backpropagation: one pass for all of them)"),
        .prose("grad(…) of the same expression shows backprop's value, with a note on why"),
        .prose("grad(…) of the same expression shows where the first infinity appeared"),
        // Notebook and source files
        HintSite(site: "hint: \"usage: `:export \\(path)`\")", situations: [["y = 2", ":export notes.html y"]]),
        HintSite(site: "needs something to draw", situations: [[":export g.svg"]]),
        .prose("usage: :export \" + kinds"),
        HintSite(site: "for example `:export \\\"my notes.html\\\"`", situations: [[":export \"my notes.html"]]),
        HintSite(site: "plots and decision regions export to .svg", situations: [[":export p.png plot(sin(x), x, -3, 3)"]]),
        .prose("export a number or formula instead"),
        .prose("choose another name, or add --force"),
        .prose("install it (apt-get install graphviz"),
        .prose("save the file as UTF-8"),
        .prose("simplify(EXPR) combines like terms without multiplying sums out"),
    ]

    /// The lines of the core's sources that give a diagnostic a hint (a `hint:` argument, or the `usage:`
    /// that `checkCount` turns into one), with the file each is in.
    static func hintLines() throws -> [(file: String, line: String)] {
        let core = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/GradbookCore")
        let files = FileManager.default.enumerator(at: core, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" && !$0.path.contains("/Lessons/") && !$0.path.contains("/Builtins/") } ?? []
        // (The builtin table's `usage: "…"` is a help line, not a hint.)
        // Declarations and pass-throughs of a hint, not hints: `hint: String?`, `hint: hint)`, `case .hint:`.
        let notHints = ["hint: String", "hint: hint)", "hint: error.hint", ".hint:", "hint: symbol", "hint: \"x\")"]
        var found: [(String, String)] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let text = String(line)
                guard text.contains("hint: ") || text.contains("usage: \""), !notHints.contains(where: text.contains),
                      !text.trimmingCharacters(in: .whitespaces).hasPrefix("//") else { continue }
                found.append((file.lastPathComponent, text))
            }
        }
        return found
    }

    @Test("every hint line of the sources is in the table, once, and every entry names a line")
    func everyHintIsListed() throws {
        let lines = try Self.hintLines()
        #expect(lines.count > 80, "the scan of Sources/GradbookCore found only \(lines.count) hint lines")
        for (file, line) in lines {
            let matches = Self.sites.filter { line.contains($0.site) }
            #expect(matches.count == 1, "\(file): \(matches.isEmpty ? "a hint with no entry in HintAuditTests.sites" : "several entries match"): \(line)")
        }
        for entry in Self.sites {
            let matches = lines.filter { $0.line.contains(entry.site) }
            #expect(matches.count == 1, "the entry '\(entry.site)' matches \(matches.count) hint lines")
            if entry.situations.isEmpty, let match = matches.first {
                #expect(!match.line.contains("`"), "\(match.file): this hint suggests a call, so its entry needs a situation that shows it: \(match.line)")
            }
        }
    }

    @Test("each hint's suggested calls run without an error in the session that showed the hint",
          arguments: sites.filter { !$0.situations.isEmpty })
    func suggestedCallsWork(_ entry: HintSite) throws {
        for situation in entry.situations {
            let folder = try temporaryFolder("hints")
            defer { try? FileManager.default.removeItem(at: folder) }
            for (name, contents) in entry.files { try Data(contents.utf8).write(to: folder.appendingPathComponent(name)) }
            let notebook = Notebook(workingDirectory: folder)
            for cell in situation.dropLast() {
                #expect(diagnostic(of: notebook.run(cell)) == nil, "setup '\(cell)' failed")
            }
            let trigger = situation.last ?? ""
            let problem = try #require(diagnostic(of: notebook.run(trigger)), "'\(trigger)' gave no error")
            let calls = problem.suggestedCalls
            #expect(!calls.isEmpty, "'\(trigger)': the hint names no call: \(problem.hint ?? "(no hint)") [\(problem.message)]")
            for call in calls {
                let result = notebook.run(call)
                #expect(diagnostic(of: result) == nil,
                        "'\(trigger)' suggested `\(call)`, which fails: \(diagnostic(of: result)?.message ?? "")")
            }
        }
    }

    @Test("the renderer shows a suggested call without its backticks")
    func backticksAreNotShown() throws {
        let problem = try #require(diagnostic(of: run("diff(x^3, x, 0)")))
        #expect(problem.hint == "for example `diff(x^5, x, 2)` is the second derivative.")
        #expect(problem.suggestedCalls == ["diff(x^5, x, 2)"])
        let shown = DiagnosticRenderer(style: Style(usesColor: false)).interactive(problem, promptWidth: 0)
        #expect(shown.hasSuffix("hint: for example diff(x^5, x, 2) is the second derivative."))
    }
}
