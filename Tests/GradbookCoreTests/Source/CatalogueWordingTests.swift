// The words of "X must be Y." (and of X, the argument's role) and "… would need a formula of more than N parts" live in the catalogue: call sites
// pass a case of Diagnostic.WrongKind, Diagnostic.Role or Diagnostic.FormulaWork (names, typed text, limits), never a phrase.
// The expected sentences below are the ones the call sites wrote before the phrases moved (issue #15).

import Foundation
import Testing
@testable import GradbookCore

@Suite("catalogue wording of call-site phrases")
struct CatalogueWordingTests {
    /// Lines that hand a phrase (a string literal) to the catalogue's "what" parameters.
    static func phraseLines(in text: String) -> [String] {
        let patterns = [".wrongKind(\"", ".formulaTooLarge(\"", ".unsupported(\"", ".needsElements(\"", "role: \""]
        return text.split(separator: "\n").map(String.init).filter { line in
            let code = line.trimmingCharacters(in: .whitespaces)
            guard !code.hasPrefix("//") else { return false }
            if patterns.contains(where: code.contains) { return true }
            // checkWork(of: store, "…", at: range)
            if let start = code.range(of: "checkWork(of: ") {
                return code[start.upperBound...].contains(", \"")
            }
            return false
        }
    }

    @Test("the guard sees a phrase passed from a call site, and not a case")
    func guardSeesPhrases() {
        #expect(Self.phraseLines(in: #"throw .wrongKind("the loss", expected: "mse", at: range)"#).count == 1)
        #expect(Self.phraseLines(in: #"try checkWork(of: bridge.store, "latex", at: range)"#).count == 1)
        #expect(Self.phraseLines(in: #"throw .formulaTooLarge("'\(text)'", limit: 5, at: range)"#).count == 1)
        #expect(Self.phraseLines(in: #"let n = try scalar(expression, role: "the seed")"#).count == 1)
        #expect(Self.phraseLines(in: "let n = try scalar(expression, role: .seed)").isEmpty)
        #expect(Self.phraseLines(in: "throw .wrongKind(.loss, at: range)\ntry checkWork(of: bridge.store, .latex, at: range)").isEmpty)
    }

    @Test("no call site outside the catalogue passes wrongKind, formulaTooLarge, unsupported, checkWork or an argument's role a phrase")
    func noPhrasesAtCallSites() throws {
        let files = try DiagnosticKindTests.sourceFiles()
        for file in files where !file.path.contains("/GradbookCore/Source/Diagnostic") {
            for line in Self.phraseLines(in: try String(contentsOf: file, encoding: .utf8)) {
                Issue.record("\(file.lastPathComponent) passes a phrase; add a case to Source/Diagnostic+WrongKind.swift: \(line)")
            }
        }
    }

    @Test("the sentences are the ones the call sites wrote", arguments: [
        (["[]"], "'[]' must be given at least one element.", "for example `[1, 2, 3]`"),
        (["zeros(0)"], "a size ('0') must be at least 1.", nil),
        (["zeros(1.5)"], "a size ('1.5') must be a whole number.", nil),
        (["transpose(3)"], "the argument of transpose ('3') must be a vector or matrix.", nil),
        (["shape(2)"], "the argument of shape ('2') must be a vector or matrix; a number has no sizes.", nil),
        (["mlp(2, [4, 1], seed = 0.5)"], "the seed ('0.5') must be a whole number.", nil),
        (["sum([1, 2], [1, 2])"], "the dimension ('[1, 2]') must be a single number, but it is a vector of 2.",
         "reduce it first, for example `sum([1, 2])`, or pick an element with […]."),
        (["2 @ 3"], "both sides of '@' must be vectors or matrices (use * to multiply by a number).", nil),
        (["train(mlp(2, [1]), xor())"], "the network to train must be a name bound to a network (train updates it).",
         "for example `net = mlp(2, [4, 1]); train(net, xor())`"),
        (["plot(sin(x))"], "plot's one argument must be a vector of numbers (such as train's loss history).",
         "to draw a function, name the variable and the range: `plot(sin(x), x, -3, 3)`."),
    ] as [([String], String, String?)])
    func sentences(_ cells: [String], message: String, hint: String?) throws {
        let notebook = Notebook()
        for cell in cells.dropLast() { run(cell, in: notebook) }
        let error = try #require(diagnostic(of: notebook.run(cells.last!)))
        #expect(error.message == message)
        #expect(error.hint == hint)
    }

    @Test("every WrongKind case reads as one sentence: what, then what it must be")
    func everyCaseWorded() {
        let cases: [Diagnostic.WrongKind] = [
            .operatorWithoutOperands("*"), .matrixProductOperands, .matrixProductOfNumber, .colonOutsideIndex,
            .notIndexable(typed: "f"), .noParts(typed: "W", part: "w1"), .notNetworkPart("w9", parts: ["w1", "b1"]),
            .notDatasetPart("Z"), .emptyList, .listElement, .singleNumberHere("v"), .notWholeNumber(role: .seed, typed: "0.5"),
            .notPositive(role: .size, typed: "0"), .slope(typed: "2"), .dimension(typed: "3", rank: 1), .dimension(typed: "3", rank: 2),
            .depth, .epochs(typed: "0", limit: 10), .repetitions(typed: "-1", limit: 10), .tensorArgument(of: "softmax", typed: "1"),
            .shapeOfNumber(typed: "1"), .outerArguments, .prodTooLong(typed: "v", limit: 64, count: 65), .layerSizes, .inputs,
            .activation(typed: "foo"), .notNetwork(typed: "1"), .notDataset(typed: "1"), .networkToTrain, .networkToUpdate,
            .loss, .optimizer, .fileName, .boundaryData, .boundaryInputs, .plotArgument, .plotRange,
        ]
        for problem in cases {
            let error = Diagnostic.wrongKind(problem, at: SourceRange(0, 1))
            #expect(error.message.hasSuffix(".") && error.message.contains(" must be "), "\(error.message)")
            #expect(!error.message.dropLast().contains(". "), "more than one sentence: \(error.message)")
        }
    }
}
