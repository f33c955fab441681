// `-e CODE` where CODE starts with a dash.

import GradbookCore

extension Gradbook {
    /// Joins each `-e` with the argument after it (`-e -=1` becomes `-e=-=1`), up to a `--`.
    ///
    /// The option is declared to take the next argument whatever it looks like, but the argument parser
    /// rejects a token such as `-=1` as an unknown option before it gets that far. A learner's code can
    /// start with a minus sign, so it is attached to its `-e` here, where nothing is guessed.
    static func attachingCode(to arguments: [String]) -> [String] {
        var result: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                result += arguments[index...]
                break
            }
            if argument == "-e", index + 1 < arguments.endIndex, arguments[index + 1].hasPrefix("-") {
                result.append("-e=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    static func main() {
        MemoryReuse.configure()
        let arguments = attachingCode(to: Array(CommandLine.arguments.dropFirst()))
        // The commands people type most, run without the argument parser: reading the command types'
        // properties, it looks up protocol conformances through every one in the (statically linked)
        // binary, about 11 of the 18 million instructions of `gradbook -e 1`. Anything else (options,
        // --help, mistakes) goes through the parser as before.
        if let command = FastCommand(arguments) {
            do {
                switch command {
                case .repl(let code, let noColor): try Repl.run(code: code, noColor: noColor)
                case .run(let file, let noColor): try Run.run(file: file, noColor: noColor)
                }
            } catch {
                exit(withError: error)
            }
            return
        }
        main(arguments)
    }
}

/// `gradbook`, `gradbook -e CODE …` and `gradbook run FILE` (each with or without --no-color), recognised
/// without the argument parser; nil for anything else.
enum FastCommand: Equatable {
    case repl(code: [String], noColor: Bool)
    case run(file: String, noColor: Bool)

    init?(_ arguments: [String]) {
        let noColor = arguments.contains("--no-color")
        let rest = arguments.filter { $0 != "--no-color" }
        if rest.count == 2, rest[0] == "run", !rest[1].hasPrefix("-") {
            self = .run(file: rest[1], noColor: noColor)
            return
        }
        // Only `-e CODE` pairs (after attachingCode, code that starts with a dash is `-e=CODE`).
        var code: [String] = []
        var index = 0
        while index < rest.count {
            if rest[index] == "-e", index + 1 < rest.count, !rest[index + 1].hasPrefix("-") {
                code.append(rest[index + 1])
                index += 2
            } else if rest[index].hasPrefix("-e=") {
                code.append(String(rest[index].dropFirst(3)))
                index += 1
            } else {
                return nil
            }
        }
        self = .repl(code: code, noColor: noColor)
    }
}
