// What the terminal is: whether stdin/stdout are TTYs, whether colour is wanted, how wide it is.

import Foundation
import GradbookCore

/// Facts about the process's terminal, read once at start-up.
public struct Terminal: Sendable {
    public var inputIsTerminal: Bool
    public var outputIsTerminal: Bool
    public var errorIsTerminal: Bool
    /// Colour only on a TTY, and never when `NO_COLOR` is set (to anything) or `--no-color` is given.
    public var usesColor: Bool

    public init(noColorFlag: Bool = false, environment: [String: String] = Terminal.environment(["NO_COLOR", "TERM"])) {
        inputIsTerminal = isatty(STDIN_FILENO) == 1
        outputIsTerminal = isatty(STDOUT_FILENO) == 1
        errorIsTerminal = isatty(STDERR_FILENO) == 1
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        usesColor = outputIsTerminal && !noColor && !noColorFlag && environment["TERM"] != "dumb"
    }

    public var style: Style { Style(usesColor: usesColor) }

    /// The variables among `names` that are set, with their values: read one by one, because
    /// `ProcessInfo.environment` copies every variable into a dictionary, a tenth of a `gradbook -e` run's start.
    public static func environment(_ names: [String]) -> [String: String] {
        var found: [String: String] = [:]
        for name in names { if let value = getenv(name) { found[name] = String(cString: value) } }
        return found
    }

    /// The width text is wrapped to on stdout: the terminal's columns when stdout is one, read at each call (the
    /// window may have been resized), else nil, so piped output is left exactly as it is.
    public var outputWidth: Int? { outputIsTerminal ? Terminal.columns(of: STDOUT_FILENO) : nil }
    /// The same for stderr, where errors go.
    public var errorWidth: Int? { errorIsTerminal ? Terminal.columns(of: STDERR_FILENO) : nil }

    /// The columns of the terminal on `descriptor`, or nil when it does not say.
    public static func columns(of descriptor: Int32) -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}

/// Writing to the standard streams without Foundation's buffering surprises.
public enum StandardStream {
    public static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    public static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
