// The pure input helpers the terminal relies on: incomplete cells, TAB candidates, pasted transcripts.

import Foundation
import GradbookCore
import Testing

@Suite("What the REPL asks the core about input")
struct NotebookInputTests {
    @Test("a cell is incomplete while a bracket is open or its last line ends with a backslash", arguments: [
        ("(1 +", true), ("[x, [1,", true), ("f(x) = (x", true), ("1 + \\", true), ("1 + \\   ", true),
        ("(1 +\n2)", false), ("x + 1", false), ("x)", false), ("(x]", false), ("(1; 2", false),
        ("# (", false), (":load my(file", false), ("x # \\", false), ("", false), ("x +", false),
        ("repeat 3 {", true), ("repeat 3 { w = w + 1;", true), ("repeat 3 { f(1;", true), ("repeat 3 { repeat 2 { w = 1 }", true),
        ("repeat 3 { w = w + 1; }", false), ("repeat 3 { :digits 3 }", false),
        // A closing bracket with none open ends the cell as an error, whatever opens after it.
        ("garbage ) (", false), ("x ] + [1,", false), ("} repeat 3 {", false), ("(1) ) (", false), ("f(1; ) (", false),
    ])
    func incompleteCells(_ text: String, _ expected: Bool) {
        #expect(Notebook.isIncomplete(text) == expected, "\(text)")
    }

    static let files: [String: [Completion.DirectoryEntry]] = [
        "": [.init(name: "session.gb", isDirectory: false), .init(name: "scripts", isDirectory: true),
             .init(name: ".hidden", isDirectory: false), .init(name: "my data", isDirectory: true)],
        "my data/": [.init(name: "a b.gb", isDirectory: false), .init(name: "xor.csv", isDirectory: false)],
        "scripts/": [.init(name: "one.gb", isDirectory: false), .init(name: "my notes.gb", isDirectory: false)],
    ]

    static var completion: Completion { Completion(boundNames: ["qqval", "qqloss", "f"]) { NotebookInputTests.files[$0] ?? [] } }

    @Test("TAB completes by context", arguments: [
        ("qqv", "", ["qqval"]),
        ("qq", "1 + ", ["qqloss", "qqval"]),
        ("sig", "diff(", ["sigmoid", "sign"]),
        ("ba", "", ["backward"]),
        ("lo", ":", ["load"]),
        ("re", ":", ["recompute", "reset"]),
        ("gr", ":help ", ["grad", "gradient", "graph"]),
        ("nu", "?", ["numdiff"]),
        ("s", ":load ", ["scripts/", "session.gb"]),
        ("scripts/o", ":save ", ["scripts/one.gb"]),
        ("scripts/m", ":load ", ["\"scripts/my notes.gb\""]),
        (".h", ":load ", [".hidden"]),
        ("qq", ":info ", ["qqloss", "qqval"]),
        ("1", ":digits ", []),
        ("lo", "x = 1; :", ["load"]),
        ("s", ":export ", ["scripts/", "session.gb"]),
        ("qq", ":export g.dot ", ["qqloss", "qqval"]),
        // Names with spaces: a folder's quote stays open; inside quotes the names come bare.
        ("my", ":load ", ["\"my data/"]),
        ("my data/a", ":load \"", ["my data/a b.gb"]),
        ("scripts/m", ":save \"", ["scripts/my notes.gb"]),
        ("my data/", ":export \"", ["my data/a b.gb", "my data/xor.csv"]),
        ("qq", ":export \"my data/g.svg\" ", ["qqloss", "qqval"]),
        // A string in an expression holds a file name (load("data.csv")).
        ("my data/x", "d = load(\"", ["my data/xor.csv"]),
        ("s", "load(\"a.csv\"); load(\"", ["scripts/", "session.gb"]),
        ("qq", "load(\"a.csv\") + ", ["qqloss", "qqval"]),
    ])
    func completes(_ word: String, _ prefix: String, _ expected: [String]) {
        #expect(NotebookInputTests.completion.candidates(completing: word, after: prefix) == expected)
    }

    @Test("a sole function gets its (, a value nothing, a folder nothing, a command a space")
    func suffixes() {
        let completion = Completion(boundNames: ["f", "x"], boundFunctions: ["f"])
        #expect(completion.suffix(after: "sigmoid", context: .name) == "(")
        #expect(completion.suffix(after: "f", context: .name) == "(")
        #expect(completion.suffix(after: "x", context: .name) == "")
        #expect(completion.suffix(after: "pi", context: .name) == "")
        #expect(completion.suffix(after: "dir/", context: .fileName) == "")
        // In a string the terminal closes the quote itself, and `)` usually follows.
        #expect(completion.suffix(after: "data.csv", context: .fileNameInString) == "")
        #expect(completion.suffix(after: "load", context: .command) == " ")
    }

    @Test("file names break only at spaces; everything else at operators too")
    func wordBreaks() {
        #expect(!Completion.wordBreakCharacters(forLine: ":load my-fi").contains("-"))
        #expect(Completion.wordBreakCharacters(forLine: "x-y").contains("-"))
        #expect(Completion.wordBreakCharacters(forLine: ":lo").contains(":"))
    }

    @Test("a pasted transcript yields its inputs; text without prompts is not a transcript")
    func pastedTranscripts() {
        let text = "In [1]: x = 2\nOut[1]: 2\n  = 2\nIn [12]: (x +\n    ...: 1)\nerror: something"
        #expect(PastedTranscript.cells(in: text) == ["x = 2", "(x +\n1)"])
        #expect(PastedTranscript.cells(in: "x = 2\ny = 3") == nil)
        #expect(PastedTranscript.isOutputLine("Out[3]: 5"))
        #expect(!PastedTranscript.isOutputLine("Out[3] + 1"))
    }

    @Test("help is wrapped: no line of any topic is wider than the overview's widest")
    func helpIsWrapped() {
        let overviewWidth = Help.text(for: nil).split(separator: "\n").map(\.count).max() ?? 0
        for topic in Help.topicNames {
            let widest = Help.text(for: topic).split(separator: "\n").max { $0.count < $1.count } ?? ""
            #expect(widest.count <= max(overviewWidth, 112), "\(topic): \(widest)")
        }
    }

    @Test("every builtin and every command has a help paragraph with an example")
    func helpCoversEverything() {
        let names = Completion.builtinNames.filter { $0 != "at" } + Command.allCases.map(\.rawValue)
            + ["language", "results", "stale", "keys", "_", "Out", "=="]
        for name in names {
            let text = Help.text(for: name)
            #expect(!text.hasPrefix("there is no help topic"), "no help for \(name)")
            #expect(text.contains("example"), "no example in the help for \(name)")
        }
        #expect(Help.text(for: "?diff") == Help.text(for: "diff"))
        #expect(Help.text(for: "difff").contains("Did you mean diff?"))
    }
}
