// GNU readline as a LineSource: editing, persistent history, Ctrl-R, TAB completion, and Ctrl-C at the prompt.
//
// Conventions (TOOLCHAIN.md §1): readline's C callbacks cannot capture context, so their state lives in
// `ReadlineState`'s static variables, used only from the main thread. SIGINT's handler (InterruptSignal)
// only sets the Interruption flag; readline then calls `rl_signal_event_hook`, where the line is cleared
// and redrawn (never `rl_done = 1`, which loses the next keys typed).

@preconcurrency import CReadline
import Foundation
import GradbookCore

/// State shared with readline's C callbacks.
enum ReadlineState {
    nonisolated(unsafe) static var completion: (() -> Completion)?
    nonisolated(unsafe) static var interruption: Interruption?
    /// The prompt to show if Ctrl-C drops a pending cell (nil at a first line).
    nonisolated(unsafe) static var restartPrompt: String?
    nonisolated(unsafe) static var cellWasDropped = false
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var matchIndex = 0
    /// Word-break character sets handed to readline; allocated once and never freed.
    nonisolated(unsafe) static var breakCharacters: [String: UnsafeMutablePointer<CChar>] = [:]
}

/// The interactive line source, over GNU readline.
public final class LineEditor: LineSource {
    private let style: Style
    private let history: HistoryFile
    private var lastRemembered: String?
    /// Cells typed in this session that are not in the history file yet.
    private var unwritten: [HistoryFile.Entry] = []

    /// Sets readline up: history from `history`, completion from `completion`, Ctrl-C through `interruption`.
    public init(style: Style, history: HistoryFile, interruption: Interruption, completion: @escaping () -> Completion) {
        self.style = style
        self.history = history
        ReadlineState.completion = completion
        ReadlineState.interruption = interruption
        rl_readline_name = UnsafePointer(strdup("gradbook"))
        LineEditor.installCompletion()
        LineEditor.installInterruptHook()
        stifle_history(Int32(HistoryFile.limit))
        // A marker line (the comment character, then a time) before every entry in the file tells where
        // each entry starts, so a cell typed over several lines comes back whole after a restart. The
        // marker starts with a control character rather than `#`, which begins gradbook comments.
        history_comment_char = 1
        history_write_timestamps = 1
        history.removeAbandonedTemporaryFiles()
        if let path = history.url?.path { read_history(path) }
        LineEditor.markEveryEntry()
    }

    /// Gives entries read from a file written without markers (one line each) a marker, so the next
    /// write marks every entry and the file reads back entry by entry.
    private static func markEveryEntry() {
        for offset in 0..<Int(history_length) {
            guard let entry = history_get(history_base + Int32(offset)) else { continue }
            if let stamp = entry.pointee.timestamp, stamp.pointee != 0 { continue }
            free(entry.pointee.timestamp)
            entry.pointee.timestamp = strdup("\u{1}0")
        }
    }

    public func readLine(prompt: String, restartPrompt: String?) -> LineInput {
        ReadlineState.restartPrompt = restartPrompt.map(styled)
        ReadlineState.cellWasDropped = false
        guard let raw = readline(styled(prompt)) else { return .end }
        defer { free(raw) }
        let text = String(cString: raw)
        return ReadlineState.cellWasDropped ? .lineAfterDroppingCell(text) : .line(text)
    }

    /// Adds the cell to the history (skipping blanks and repeats) and saves the history file.
    public func remember(_ cell: String) {
        guard !cell.allSatisfy(\.isWhitespace), cell != lastRemembered else { return }
        lastRemembered = cell
        add_history(cell)
        // Only this session's new cells are written, after whatever is on disk now (another REPL may
        // have added its own since this one started); what could not be written is tried again next time.
        unwritten.append(HistoryFile.Entry(cell))
        if history.append(unwritten) { unwritten = [] } else { unwritten = Array(unwritten.suffix(HistoryFile.limit)) }
    }

    /// The prompt coloured, with readline's markers around the escapes so it measures the width right.
    private func styled(_ prompt: String) -> String {
        let coloured = style.apply(.prompt, prompt)
        guard let range = coloured.range(of: prompt), coloured != prompt else { return prompt }
        let start = coloured[..<range.lowerBound], end = coloured[range.upperBound...]
        return "\u{1}\(start)\u{2}\(prompt)\u{1}\(end)\u{2}"
    }

    // MARK: Completion

    private static func installCompletion() {
        // With a quote character, readline starts the word after an open quote (spaces and all) and closes
        // the quote after a sole file name: `:load "my fo` TAB → `:load "my folder/`.
        rl_completer_quote_characters = UnsafePointer(strdup(Completion.quoteCharacters))
        rl_completion_word_break_hook = {
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            let beforeCursor = String(decoding: line.utf8.prefix(Int(rl_point)), as: UTF8.self)
            let characters = Completion.wordBreakCharacters(forLine: beforeCursor)
            if let known = ReadlineState.breakCharacters[characters] { return known }
            let copy = strdup(characters)
            ReadlineState.breakCharacters[characters] = copy
            return copy
        }
        rl_attempted_completion_function = { text, start, _ in
            rl_attempted_completion_over = 1
            let word = text.map { String(cString: $0) } ?? ""
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            let prefix = String(decoding: line.utf8.prefix(Int(start)), as: UTF8.self)
            let candidates = ReadlineState.completion?().candidates(completing: word, after: prefix) ?? []
            ReadlineState.matches = []
            guard !candidates.isEmpty, let text, let completion = ReadlineState.completion?() else { return nil }
            let context = Completion.context(before: prefix)
            // In lists of file names, show only the last path component.
            if context == .fileName || context == .fileNameInString { rl_filename_completion_desired = 1 }
            if candidates.count == 1 {
                let suffix = completion.suffix(after: candidates[0], context: context)
                rl_completion_append_character = suffix.utf8.first.map { Int32($0) } ?? 0
            }
            ReadlineState.matches = candidates
            return rl_completion_matches(text) { _, state in
                if state == 0 { ReadlineState.matchIndex = 0 }
                guard ReadlineState.matchIndex < ReadlineState.matches.count else { return nil }
                defer { ReadlineState.matchIndex += 1 }
                return strdup(ReadlineState.matches[ReadlineState.matchIndex])
            }
        }
    }

    // MARK: Ctrl-C

    /// After readline notices a signal: if it was Ctrl-C, clear the line (dropping a pending cell) and redraw.
    private static func installInterruptHook() {
        rl_signal_event_hook = {
            guard let interruption = ReadlineState.interruption, interruption.isRequested else { return 0 }
            interruption.clear()
            rl_free_line_state()
            rl_replace_line("", 0)
            rl_crlf()
            if let restart = ReadlineState.restartPrompt {
                rl_set_prompt(restart)
                ReadlineState.restartPrompt = nil
                ReadlineState.cellWasDropped = true
            }
            rl_on_new_line()
            rl_redisplay()
            return 0
        }
    }
}
