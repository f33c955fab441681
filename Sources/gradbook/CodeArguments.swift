// `-e CODE` where CODE starts with a dash.

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
        main(attachingCode(to: Array(CommandLine.arguments.dropFirst())))
    }
}
