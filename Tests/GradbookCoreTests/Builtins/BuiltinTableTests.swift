// The builtin table is the one list of builtins: every entry is callable, documented, completed and described
// by :info, and every builtin the evaluator accepts has an entry.

import Foundation
import Testing
@testable import GradbookCore

extension Output {
    var isNote: Bool { if case .note = kind { return true } else { return false } }
}

@Suite("the builtin table")
struct BuiltinTableTests {
    /// A notebook in a folder holding the data.csv that load's example reads.
    static func notebook() throws -> (Notebook, URL) {
        let folder = try temporaryFolder("builtin-table")
        try "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n".write(to: folder.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        return (Notebook(workingDirectory: folder), folder)
    }

    @Test("every entry's help example runs without error", arguments: Builtin.table.map { "\($0.name): \($0.example)" })
    func exampleRuns(_ labelled: String) throws {
        let example = String(labelled.drop { $0 != ":" }.dropFirst(2))
        let (notebook, folder) = try Self.notebook()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = notebook.run(example)
        #expect(!result.hasErrors, "\(labelled) → \(result.outputs.map(\.text))")
    }

    @Test("every entry's help shows its usage, summary and example", arguments: Builtin.table.map(\.name))
    func helpShowsEntry(_ name: String) {
        let help = Help.text(for: name)
        let unwrapped = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for builtin in Builtin.named(name) where Help.topics[name] == nil {
            #expect(unwrapped.contains(builtin.usage.split(whereSeparator: \.isWhitespace).joined(separator: " ")), "\(help)")
            #expect(unwrapped.contains(builtin.example.split(whereSeparator: \.isWhitespace).joined(separator: " ")), "\(help)")
        }
        #expect(!help.hasPrefix("there is no help topic"))
        #expect(Help.topicNames.contains(name))
    }

    @Test("every builtin completes from its first letters", arguments: Builtin.names)
    func nameCompletes(_ name: String) {
        let completion = Completion(boundNames: [])
        #expect(completion.candidates(completing: String(name.prefix(2)), after: "").contains(name))
        #expect(completion.candidates(completing: name, after: "x = ").contains(name))
        #expect(completion.suffix(after: name, context: .name) == "(")
    }

    @Test(":info NAME describes every builtin as a builtin, with its usage", arguments: Builtin.names)
    func infoDescribesBuiltin(_ name: String) {
        let text = Notebook().run(":info \(name)").outputs.map(\.text).joined(separator: "\n")
        #expect(text.contains("\(name) is a builtin"), "\(text)")
        for builtin in Builtin.named(name) { #expect(text.contains(builtin.usage), "\(text)") }
        #expect(!text.contains("free symbol"))
    }

    @Test("the evaluator calls every builtin through the table: each function of one number has an entry")
    func everyMathFunctionHasAnEntry() {
        for function in MathFunction.allCases {
            #expect(Builtin.table.contains { $0.implementation == .elementwise(function) }, "\(function) has no entry")
        }
    }

    /// The twenty functions issue #15 added through the table; each must be differentiable in the table test.
    static let twenty = ["min", "max", "cosh", "sinh", "atan", "asin", "acos", "erf", "log1p", "expm1", "log2", "log10",
                         "softplus", "leaky_relu", "elu", "gelu", "logsumexp", "norm", "prod", "clip"]

    @Test("every differentiable builtin: symbolic, backprop and numeric derivatives agree at random points of its domain",
          arguments: Builtin.table.filter { $0.differentiatedExample != nil }.map(\.name))
    func derivativesAgree(_ name: String) throws {
        let entry = try #require(Builtin.named(name).first { $0.differentiatedExample != nil })
        let expression = try #require(entry.differentiatedExample)
        var function: MathFunction?
        if case .elementwise(let f) = entry.implementation { function = f }
        var random = RandomNumbers(seed: 15)
        let range = function?.sampleRange ?? -4...4
        let points = random.uniform(12).map { range.lowerBound + $0 * (range.upperBound - range.lowerBound) }
            .filter { (function?.isInDomain($0) ?? true) && $0 != 0 }
        #expect(points.count >= 8)
        for x in points {
            let at = " at x = \(x)"
            let symbolic = try #require(value("diff(\(expression), x)" + at), "diff of \(expression) at \(x)")
            let backprop = try #require(value("grad(\(expression), x)" + at), "grad of \(expression) at \(x)")
            let numeric = try #require(value("numdiff(\(expression), x)" + at), "numdiff of \(expression) at \(x)")
            #expect(Swift.abs(symbolic - backprop) <= 1e-12 * Swift.max(1, Swift.abs(symbolic)), "\(expression)'(\(x)): \(symbolic) vs \(backprop)")
            #expect(Swift.abs(symbolic - numeric) <= 1e-6 * Swift.max(1, Swift.abs(symbolic)), "\(expression)'(\(x)): \(symbolic) vs \(numeric)")
        }
    }

    @Test("each of the twenty functions is in the table, differentiable, and its derivative formula parses back to the same values")
    func twentyFunctionsAreComplete() throws {
        for name in Self.twenty {
            let entry = Builtin.named(name).first { $0.differentiatedExample != nil }
            let expression = try #require(entry?.differentiatedExample, "\(name) has no differentiable entry")
            let notebook = Notebook()
            let formula = results(of: notebook.run("diff(\(expression), x)"))
            #expect(!formula.isEmpty, "\(name)")
            // The printed derivative, pasted back (its shared parts, `where t1 = …`, bound first), has diff's value.
            let x = name == "acos" || name == "asin" ? 0.3 : 0.7
            let parts = formula.components(separatedBy: " where ")
            let definitions = parts.count > 1 ? parts[1].replacingOccurrences(of: ", t", with: "; t") + "; " : ""
            let pasted = results(of: Notebook().run("x = \(x); \(definitions)\(parts[0])"))
            let direct = results(of: Notebook().run("x = \(x); diff(\(expression), x)")).components(separatedBy: "\n").last ?? ""
            #expect(!pasted.isEmpty, "\(name): \(formula) does not parse back")
            // diff's last line is `  = 0.976614 at x = 0.7`: its number, in the same format as the pasted value.
            let number = String(direct.trimmingCharacters(in: .whitespaces).dropFirst(2)).components(separatedBy: " at ")[0]
            #expect(number == pasted, "\(name): \(formula): \(pasted) vs \(direct)")
        }
    }

    @Test("a name that is not in the table is not a builtin: calling it is an unknown function with a suggestion")
    func unknownNameIsRefused() {
        let diagnostic = diagnostic(of: Notebook().run("plott(x, x, 0, 1)"))
        #expect(diagnostic?.message == "there is no function called 'plott'.")
        #expect(diagnostic?.hint == "did you mean plot?")
    }

    @Test("each name's entries differ in arity, so a call picks one builtin")
    func arityTellsEntriesApart() {
        for name in Builtin.names {
            let entries = Builtin.named(name)
            for (i, a) in entries.enumerated() {
                for b in entries.dropFirst(i + 1) { #expect(!a.arity.overlaps(b.arity), "\(name)") }
            }
        }
        #expect(Builtin.entry(named: "step", argumentCount: 1)?.implementation == .elementwise(.step))
        #expect(Builtin.entry(named: "step", argumentCount: 2)?.implementation == .network)
    }

    @Test(":help functions lists every builtin by theme, and each theme is a topic of its own")
    func functionsTopicListsEveryBuiltin() {
        let functions = Help.text(for: "functions")
        for builtin in Builtin.table { #expect(functions.contains(builtin.usage), "\(builtin.name)") }
        for theme in Builtin.Theme.allCases {
            let text = Help.text(for: theme.rawValue)
            for builtin in Builtin.table where builtin.theme == theme { #expect(text.contains(builtin.usage), "\(theme) \(builtin.name)") }
        }
        #expect(Help.text(for: "tensors").contains("softmax(v)"))
        #expect(Help.text(for: "networks").contains("mlp(n_in"))
    }

    @Test("step's help describes both builtins and what step(net, lr)'s number is")
    func stepHasBothForms() {
        let help = Help.text(for: "step")
        #expect(help.contains("step(x): 1 when x > 0"))
        #expect(help.contains("step(net, lr): one gradient-descent update"))
        #expect(help.contains("size of the update"))
        let result = run("net = mlp(2, [4, 1]); L = mse(net(xor().X), xor().Y); backward(L); step(net, 0.5)")
        #expect(result.outputs.contains { $0.isNote && $0.text.contains("size of the update") }, "\(result.outputs.map(\.text))")
    }

    @Test("the README names every builtin in code")
    func readmeListsEveryBuiltin() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let spans = readme.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        var words = Set<String>()
        for span in spans {
            for word in span.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) { words.insert(String(word)) }
        }
        let missing = Builtin.names.filter { !words.contains($0) }
        #expect(missing.isEmpty, "the README does not name \(missing)")
    }
}
