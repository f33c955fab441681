// The messages of files: reading data and scripts, and :export (alphabetised); then, as data with their words,
// why a script cannot be read (`ScriptUnreadable`) and what is wrong with a CSV file (`CSVProblem`).
//
// Same conventions as `Diagnostic+Messages.swift`. A file's own problem (missing folder, no permission) comes
// in as a few plain words from `FileProblem`; the sentence around them is written here.

import Foundation

extension Diagnostic {
    /// load(…) of a CSV file whose cell at `line`, `column` is not what a data file holds.
    static func csvProblem(_ path: String, line: Int, column: Int, problem: CSVProblem, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(path):\(line):\(column): \(problem.text); nothing was loaded.",
                   hint: "a CSV for load has a header line, then rows of numbers separated by commas.")
    }

    /// `:export` failed for a reason that is neither gradbook's wording nor a file problem it knows.
    static func couldNotExport(_ path: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "could not export to '\(path)'.")
    }

    static func couldNotRead(_ path: String, error: Error, url: URL, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "could not read '\(path)': \(FileProblem.describe(error, at: url)).")
    }

    /// `reason` is a few plain words from the file system.
    static func couldNotWrite(_ path: String, reason: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "could not write '\(path)': \(reason); nothing was changed.")
    }

    /// Ctrl-C while an export was being built: nothing was written.
    static func exportInterrupted(_ path: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(path)' was not written (interrupted), and a file already there is as it was.")
    }

    /// `kinds` is the usage of every kind of export.
    static func exportKindUnknown(_ path: String, kinds: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "gradbook cannot export to '\(path)': the file name must end in .dot, .svg, .png, .md, .ipynb or .html.",
                   hint: "usage: :export " + kinds)
    }

    static func exportNeedsPicture(_ path: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, ":export \(path) needs something to draw.", hint: "for example :export \(path) y to draw y, or `:export plot.svg plot(sin(x), x, -3, 3)`")
    }

    static func exportTakesNoExpression(_ path: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, ":export \(path) writes the whole session, so it takes no expression.", hint: "usage: `:export \(path)`")
    }

    /// `file` is the export's file name; `kind` describes the value (`a data set`).
    static func exportWithoutGraph(_ typed: String, kind: String, file: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(typed)' is \(kind), which has no computation graph to draw.", hint: "export a number or formula instead (:export \(file) NAME draws its computation graph).")
    }

    static func exportWouldOverwrite(_ name: String, path: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(name)' already exists and was not written by gradbook, so :export left it alone.",
                   hint: "choose another name, or add --force to replace it: :export \(path) … --force")
    }

    static func fileNameQuoteNotClosed(at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "the file name's opening quote is never closed.", hint: "for example `:export \"my notes.html\"`")
    }

    /// `message` is what Graphviz said.
    static func graphvizFailed(_ path: String, message: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "Graphviz could not draw '\(path)': \(message).")
    }

    static func graphvizMissing(_ path: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "drawing '\(path)' needs Graphviz's dot program, which is not installed.",
                   hint: "install it (apt-get install graphviz, or brew install graphviz), or export .dot and draw it elsewhere.")
    }

    static func nothingToExport(_ typed: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(typed)' has no value to export.")
    }

    static func notOneExpressionToExport(_ typed: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(typed)' is not one expression to export.")
    }

    /// A plot exported as .png or .dot: `call` is the same export to .svg.
    static func plotExportsToSVG(_ kind: String, call: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "plots and decision regions export to .svg, not .\(kind).", hint: "use `\(call)`")
    }

    /// A script's byte that is not UTF-8 (`byte` written as `0xE9`); `range` is the replacement character.
    static func scriptNotUTF8(byte: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "the byte \(byte) here is not UTF-8 text, and gradbook reads scripts only as UTF-8.",
                   hint: "save the file as UTF-8 (most editors offer it; iconv -f latin1 -t utf-8 converts a Latin-1 file).")
    }

    /// A script that could not be read at all (`:load`), at the command's range.
    static func scriptUnreadable(_ reason: ScriptUnreadable, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, reason.sentence)
    }
}

/// Why a script could not be read at all, as data (`ScriptFile.read`); `sentence` words it for `:load`'s error and
/// for `run FILE`, which prints it without a caret (there is no text to point into).
public enum ScriptUnreadable: Sendable, Equatable {
    /// No such file; `missingFolder` when the folder it would be in does not exist either.
    case noFile(String, missingFolder: String?)
    case noPermission(String)
    case isFolder(String)
    /// A part of its path is not a folder.
    case notAFile(String)
    /// Any other failure, with the system's words for it (lowercased where they come from strerror).
    case failed(String, reason: String)
    /// Larger than `megabytes`, the most read as one script.
    case tooLarge(String, megabytes: Int)

    public var sentence: String {
        switch self {
        case .noFile(let name, let folder?): return "there is no file '\(name)': the folder \(folder) does not exist."
        case .noFile(let name, nil): return "there is no file '\(name)'."
        case .noPermission(let name): return "you don't have permission to read '\(name)'."
        case .isFolder(let name): return "'\(name)' is a folder, not a script file."
        case .notAFile(let name): return "'\(name)' is not a file: a part of its path is not a folder."
        case .failed(let name, let reason): return "could not read '\(name)': \(reason)."
        case .tooLarge(let name, let megabytes):
            return "'\(name)' is larger than \(megabytes) MB, more than gradbook reads as one script; split it into smaller files."
        }
    }
}

/// What is wrong with a CSV file `load` reads, as data (`CSVReader`); `text` words it, after "FILE:LINE:COLUMN: ".
public enum CSVProblem: Sendable, Equatable {
    case empty
    case noRows
    case rowLength(values: Int, columns: Int)
    /// A cell that is not a number: its text, its row (1 is the first after the header), column and the header's
    /// name for it; `others` more cells are not numbers either.
    case notANumber(String, row: Int, column: Int, name: String, others: Int)
    case tooManyNumbers(limit: Int)
    /// Not a problem with the file: Ctrl-C stopped the reading, and nothing was loaded.
    case interrupted

    public var text: String {
        switch self {
        case .empty: return "the file is empty"
        case .noRows: return "there are no rows after the header"
        case .rowLength(let values, let columns): return "this row has \(values) values but the header names \(columns) columns"
        case .notANumber(let text, let row, let column, let name, let others):
            let shown = text.isEmpty ? "the empty cell" : "'\(text)'"
            let header = name.isEmpty ? "column \(column)" : "column \(column) (\(name))"
            let why = text.isEmpty || text.lowercased() == "nan" || text == "NA" ? " (a missing value?)" : ""
            let more = others > 0 ? "; \(others) more cell\(others == 1 ? " is" : "s are") not numbers either" : ""
            return "\(shown) in row \(row), \(header) is not a number\(why)\(more)"
        case .tooManyNumbers(let limit): return "the file holds more than \(limit) numbers"
        case .interrupted: return "interrupted"
        }
    }
}
