// TAB completion, pure: which words can complete the one before the cursor, given what precedes it.

/// The candidates TAB offers: names, builtins, `:commands`, help topics, and file names after `:load`/`:save`.
///
/// The terminal asks two questions. Where does the word being completed start (`wordBreakCharacters`)?
/// And which words complete it (`candidates(completing:after:)`), given the text before it on the line?
/// Nothing here touches the terminal; the file system is reached only through `listDirectory`, so tests
/// can pass a fake one.
public struct Completion {
    /// An entry of a directory listing.
    public struct DirectoryEntry: Sendable, Equatable {
        public var name: String
        public var isDirectory: Bool

        public init(name: String, isDirectory: Bool) {
            self.name = name
            self.isDirectory = isDirectory
        }
    }

    /// What kind of word is being completed.
    public enum Context: Sendable, Equatable {
        case name, command, helpTopic, nothing
        /// A file name after `:load`, `:save` or `:export`.
        case fileName
        /// A file name inside a string, as `load("data.csv")` takes one.
        case fileNameInString
    }

    /// Bound names (values and functions), offered before the builtins.
    public var boundNames: [String]
    /// The entries of a directory (a path as typed, `""` for the current one, `~` already expanded).
    public var listDirectory: (String) -> [DirectoryEntry]

    /// The bound names that are functions, so completing one can add its `(`.
    public var boundFunctions: Set<String>

    public init(boundNames: [String], boundFunctions: Set<String> = [],
                listDirectory: @escaping (String) -> [DirectoryEntry] = { _ in [] }) {
        self.boundNames = boundNames
        self.boundFunctions = boundFunctions
        self.listDirectory = listDirectory
    }

    /// The names and functions of a session's bindings, with `listDirectory` for file names.
    public init(bindings: Bindings, listDirectory: @escaping (String) -> [DirectoryEntry] = { _ in [] }) {
        let functions = bindings.all.compactMap { name, entry -> String? in
            if case .function = entry { return name } else { return nil }
        }
        self.init(boundNames: bindings.names, boundFunctions: Set(functions), listDirectory: listDirectory)
    }

    /// What to type after a sole candidate: `(` after a function, nothing after a value or a folder,
    /// a space after a command, topic or file name.
    public func suffix(after candidate: String, context: Context) -> String {
        switch context {
        case .name:
            let isFunction = boundFunctions.contains(candidate)
                || (!boundNames.contains(candidate) && Evaluator.builtinNames.contains(candidate))
            return isFunction ? "(" : ""
        case .fileName: return candidate.hasSuffix("/") ? "" : " "
        case .command, .helpTopic: return " "
        case .fileNameInString, .nothing: return ""
        }
    }

    /// Every name a person can use without binding it: builtins, the calculus forms, constants and `at`.
    public static let builtinNames: [String] =
        (Evaluator.builtinNames + Bindings.predefined.keys + ["at"]).sorted()

    /// Characters that end a word: file names break only at spaces, everything else at any operator too.
    /// (Inside double quotes the terminal starts the word just after the opening quote, spaces and all.)
    public static func wordBreakCharacters(forLine line: String) -> String {
        switch context(before: line) {
        case .fileName, .fileNameInString: " \t\n;"
        default: " \t\n;,()[]{}+-*/^@=<>?!:#\"'\\|&$%"
        }
    }

    /// The characters that quote a word, so TAB completes a name with spaces: `:load "my fo` → `"my folder/`.
    public static let quoteCharacters = "\""

    /// The words that can replace `word`, given `prefix`, the text on the line before it; sorted, no repeats.
    public func candidates(completing word: String, after prefix: String) -> [String] {
        switch Completion.context(before: prefix) {
        case .name: return matches(word, in: boundNames + Completion.builtinNames)
        case .command: return matches(word, in: Command.allCases.map(\.rawValue))
        case .helpTopic: return matches(word, in: Help.topicNames)
        case .fileName, .fileNameInString:
            return fileNames(completing: word, insideQuotes: Completion.quoteIsOpen(in: prefix))
        case .nothing: return []
        }
    }

    /// What is being completed after `prefix`: a `:command` name, a help topic, a file name or a name.
    public static func context(before prefix: String) -> Context {
        let statement = prefix.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let line = statement.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let start = String(line.drop { $0 == " " || $0 == "\t" })
        if start == ":" { return .command }
        if start.trimmingSpaces() == "?" { return .helpTopic }
        guard start.hasPrefix(":") else { return quoteIsOpen(in: start) ? .fileNameInString : .name }
        let commandName = start.dropFirst().prefix { $0 != " " && $0 != "\t" }
        guard start.count > commandName.count + 1 else { return .command }
        switch Command(rawValue: String(commandName)) {
        case .help: return .helpTopic
        case .load, .save: return .fileName
        case .export:
            // The first word (or the name in double quotes) is the file; after it comes the expression to draw.
            let rest = start.dropFirst(commandName.count + 1).drop { $0 == " " || $0 == "\t" }
            let fileNameEnded = rest.hasPrefix("\"") ? rest.dropFirst().contains("\"") : rest.contains(" ")
            return fileNameEnded ? .name : .fileName
        case .info: return .name
        default: return .nothing
        }
    }

    private func matches(_ word: String, in words: [String]) -> [String] {
        var seen: Set<String> = []
        return words.filter { $0.hasPrefix(word) && seen.insert($0).inserted }.sorted()
    }

    /// Whether `text` ends inside a double-quoted name (an odd number of quotes).
    static func quoteIsOpen(in text: String) -> Bool {
        text.utf8.reduce(false) { open, byte in byte == UInt8(ascii: "\"") ? !open : open }
    }

    /// `dir/fi` → `dir/file.gb`, `dir/film/`: entries of the typed folder whose names start with the rest.
    /// Hidden entries appear only when the typed name starts with `.`.
    private func fileNames(completing word: String, insideQuotes: Bool) -> [String] {
        let folder = word.lastIndex(of: "/").map { String(word[...$0]) } ?? ""
        let base = String(word.dropFirst(folder.count))
        return listDirectory(folder)
            .filter { $0.name.hasPrefix(base) && (base.hasPrefix(".") || !$0.name.hasPrefix(".")) }
            .map { entry in
                let path = folder + entry.name + (entry.isDirectory ? "/" : "")
                // A name with spaces is offered in double quotes, as :load, :save and :export read it. A
                // folder's quote stays open, so the next TAB goes on inside it; within quotes the terminal
                // adds the closing quote itself.
                guard !insideQuotes, path.contains(" ") else { return path }
                return entry.isDirectory ? "\"" + path : "\"" + path + "\""
            }
            .sorted()
    }
}
