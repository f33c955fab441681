// The text of :help, ?topic and topic?: an overview by topic, then one paragraph with an example per topic.

/// Help topics: every builtin, calculus form and command, plus the ideas of the notebook itself.
///
/// The paragraphs live in `Help+Topics.swift` (language and calculus), `Help+Functions.swift` (one per
/// builtin) and `Help+Commands.swift` (one per `:command`, and the REPL's keys). Every builtin and every
/// command has a paragraph with an example; a test checks that none is missing.
public enum Help {
    /// The overview (no topic), one topic's paragraph, or a "did you mean" for an unknown topic.
    public static func text(for topic: String?) -> String {
        guard var topic = topic?.trimmingSpaces(), !topic.isEmpty else { return overview }
        if topic.hasPrefix(":") { topic.removeFirst() }
        if topic.hasPrefix("?") { topic.removeFirst() }
        if topic.hasSuffix("?") { topic.removeLast() }
        if let entry = paragraph(for: topic) { return wrapped(entry) }
        let suggestion = Suggestion.closest(to: topic, among: topicNames).map { " Did you mean \($0)?" } ?? ""
        return "there is no help topic '\(topic)'.\(suggestion) :help lists the topics."
    }

    /// The widest line of help: the overview's width, so every topic reads as one page.
    static let width = 111

    /// `text` with each line longer than `width` broken at spaces; the continuation lines keep the
    /// line's indentation (and an `example:` line's continuation lines up under its text). The paragraphs are
    /// written as source lines a little wider than `width`, so the words a line loses run on into the next line
    /// of the same sentence rather than standing alone on a line of their own ("your", then "step h, so …").
    static func wrapped(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var output: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.count > width else {
                output.append(line)
                continue
            }
            let indentation = String(line.prefix { $0 == " " })
            let body = line.dropFirst(indentation.count)
            let isExample = body.hasPrefix("example: ")
            let hanging = indentation + (isExample ? String(repeating: " ", count: 9) : "")
            var pieces: [String] = [], current = indentation, isEmpty = true
            for word in body.split(separator: " ", omittingEmptySubsequences: false) {
                if !isEmpty, current.count + 1 + word.count > width {
                    pieces.append(current)
                    (current, isEmpty) = (hanging, true)
                }
                current += isEmpty ? word : " " + word
                isEmpty = false
            }
            if !isExample, index < lines.count, continuesSentence(lines[index], indentation: indentation) {
                // The overflow goes to the front of the next line, which is wrapped in its turn.
                lines[index] = current + " " + lines[index].dropFirst(indentation.count)
            } else {
                pieces.append(current)
            }
            output += pieces
        }
        return output.joined(separator: "\n")
    }

    /// Whether `line` goes on with the prose of the line before it: the same indentation, and words that
    /// continue a sentence, not a blank line, an example or an entry of a list (`erf(x): …`, `:load FILE …`).
    private static func continuesSentence(_ line: String, indentation: String) -> Bool {
        let body = line.dropFirst(indentation.count)
        guard line.hasPrefix(indentation), let first = body.first, first != " " else { return false }
        guard first.isLowercase || first.isNumber || "(`'\"".contains(first) else { return false }
        return body.firstMatch(of: listEntry) == nil && !(body.firstMatch(of: callFirst) != nil && body.contains("): "))
    }

    /// The start of an entry of a list in a paragraph: `word:` (a call's signatures, `mean(v), mean(W, 1): …`,
    /// are a call first and "): " after them).
    nonisolated(unsafe) private static let listEntry = #/^[A-Za-z_][A-Za-z0-9_]*:/#
    nonisolated(unsafe) private static let callFirst = #/^[A-Za-z_][A-Za-z0-9_]*\(/#

    /// The paragraph for `topic`, or nil when there is none.
    static func paragraph(for topic: String) -> String? {
        if topic == "functions" { return functionsParagraph }
        if let theme = Builtin.Theme(rawValue: topic) { return themeParagraph(theme) }
        if let entry = topics[topic] { return entry }
        // A builtin may share its name with a command (load(…) and :load): help shows both.
        let paragraphs = (commands[topic].map { [$0] } ?? []) + Builtin.named(topic).map(\.paragraph)
        if !paragraphs.isEmpty { return paragraphs.joined(separator: "\n") }
        return aliases[topic].flatMap { paragraph(for: $0) }
    }

    /// Every topic name, for completion and suggestions.
    public static var topicNames: [String] {
        Set(Array(topics.keys) + Array(commands.keys) + Array(aliases.keys) + Builtin.names
            + Builtin.Theme.allCases.map(\.rawValue) + ["functions"]).sorted()
    }

    /// Other spellings of a topic.
    static let aliases: [String: String] = [
        "_": "results", "Out": "results", "result": "results", "==": "equality", "stale": "recompute",
        "keys": "editing", "repl": "editing", "history": "editing", "completion": "editing", "continuation": "editing",
        "pi": "constants", "e": "constants", "inf": "constants", "nan": "constants", "reduction": "sum",
        "derivative": "diff", "gradient": "grad", "backprop": "backward", "function": "functions",
    ]

    static let overview = """
        gradbook: values, formulas and their derivatives, three ways. :help TOPIC (or ?TOPIC, or TOPIC?) explains one.

        the language      x = 2   f(x, y) = x^2 + y   a*x^2 (a, x unbound: a formula)           :help language
                          + - * / ^ (or **), unary minus, ( ), # comments; end with ; to hide a result
                          pi, e, inf, nan; [x, y] lists                                      :help constants
        functions         sin cos tan exp log sqrt abs tanh sigmoid softplus relu step sign  sum(v) mean(v)  :help functions
                          asin acos atan sinh cosh erf erfc log1p expm1 log2 log10 elu gelu     :help elementwise
                          leaky_relu  max(a, b) min(a, b) clip(x, lo, hi) norm(v) prod(v)       :help tensors
        derivatives       diff(EXPR, x[, n])    symbolic, as a formula                      :help diff
                          grad(EXPR, [x, y])    by backpropagation over the computation graph  :help grad
                          backward(EXPR)        the backward pass: every leaf's value and gradient
                          numdiff(EXPR, x[, h]) numeric, by central differences
                          check(EXPR, x[, g])   all three side by side, or your gradient g too  :help check
                          A == B                same function? (checks a derivative worked out by hand)
                          EXPR at x = 2, y = 3  evaluate with names bound just for this expression
        seeing            graph(EXPR)  explain(backward(EXPR))  explain(diff(EXPR, x))  latex(EXPR)  :help plot
                          plot(f, x, a, b)  plot([f, g], x, a, b)  plot(h)  boundary(net, data)  :help export
        the notebook      _ is the last result, Out[n] (or _n) cell n's                     :help results
                          values computed from a name rebound since are marked stale          :help stale
        commands          :vars  :info NAME  :recompute  :digits N  :reset  :load FILE  :save FILE  :export FILE  :quit
                          :lesson N  :answer N.K ANSWER (a lesson's exercise, in its notebook)
        keys              TAB completes, Up/Down recall, Ctrl-R searches, Ctrl-C stops      :help keys
        """
}
