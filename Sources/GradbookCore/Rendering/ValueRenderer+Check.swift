// The tables check(EXPR, x) and check(EXPR, W) print, with their verdicts and notes.

extension ValueRenderer {
    /// The scalar check: one row per method, relative errors against the reference, the verdict.
    func checkTable(_ report: GradientCheckReport) -> TableText {
        let reference = report.reference
        let errors = NumberFormat(digits: 2)
        // Where the function has no value at the point there is no derivative to measure an error from: no method is a
        // reference, and no error is shown (a yours of 0 at "relative error 0" would look confirmed).
        let hasDerivative = report.undefinedStep == nil
        func error(_ value: Double, against judge: Double) -> String {
            hasDerivative ? errors.text(GradientCheck.relativeError(value, judge)) : "—"
        }
        var table = Table(header: ["method", "d/d\(report.variable)", "relative error"], alignments: [.left, .right, .right])
        if let yours = report.yours {
            table.add(["yours", format.text(yours), error(yours, against: report.judgeOfYours)])
        }
        let symbolicIsReference = hasDerivative && report.symbolicIsReference
        table.add(["symbolic", format.text(report.symbolic), symbolicIsReference ? "(reference)" : error(report.symbolic, against: reference)])
        let backpropIsReference = hasDerivative && !report.numericIsReference && !report.symbolicIsReference
        table.add(["backprop", format.text(report.backprop), backpropIsReference ? "(reference)" : error(report.backprop, against: reference)])
        table.add(["numeric", format.text(report.numeric.derivative), !report.numericIsReference ? "(unreliable)" : hasDerivative ? "(reference)" : "—"])
        var shown = TableText()
        shown.add("check d/d\(report.variable) at \(report.variable) = \(format.text(report.point))")
        // A formula of thousands of steps (after a loop) would bury the table under screens of it: its length, and the
        // call that writes it out.
        if report.formula.utf8.count > GradientCheckReport.longestFormulaShown {
            let writer = report.formulaCall.map { "; \($0) writes it out" } ?? ""
            shown.add("symbolic: a formula \(Diagnostic.grouped(report.formula.count)) characters long, too long to show here\(writer)")
        } else {
            shown.add("symbolic: \(report.formula)")
        }
        shown.add(table)
        let verdict = report.verdict
        shown.add("verdict: \(verdict.word): \(verdict.sentence)")
        if let reason = report.numericUnreliability {
            shown.add("note: " + Note.numericNotReference(reason: reason).text)
        }
        for kink in report.kinksUsed {
            shown.add("note: \(kink.text)")
        }
        return shown
    }

    /// The tensor check: summaries of each gradient, the worst element, the verdict and any slip.
    func tensorCheck(_ report: TensorCheckReport) -> String {
        let tensors = TensorText(format: format)
        var lines = ["check d/d\(report.variable), \(Tensor.describe(report.backprop.shape)), element by element"]
        if let yours = report.yours { lines.append("yours:    \(tensors.summary(yours))") }
        if let symbolic = report.symbolic { lines.append("symbolic: \(tensors.summary(symbolic))") }
        lines.append("backprop: \(tensors.summary(report.backprop))")
        lines.append("numeric:  \(tensors.summary(report.numeric.gradient))")
        let methods = report.methods
        if report.yours != nil || methods.outside.isEmpty, methods.worst != nil {
            lines.append("backprop vs numeric: " + report.worstText(methods, "backprop", "numeric"))
        }
        let verdict = report.verdict
        lines.append("verdict: \(verdict.word): \(verdict.sentence)")
        if let slip = report.slip { lines.append(slip.sentence(yours: "yours", right: "backprop")) }
        if report.yours != nil, !methods.outside.isEmpty {
            lines.append("note: backprop and numeric differ at \(methods.outside.count) of \(report.backprop.count) elements; \(report.worstText(methods, "backprop", "numeric"))")
        }
        if let first = methods.skipped.first {
            let reason = (report.numeric.unreliable[first] ?? .errorAboveHalfTolerance).text
            let more = methods.skipped.count - 1
            let others = more > 0 ? " and \(more) more element\(more == 1 ? "" : "s")" : ""
            let judged = methods.skipped.count > 1 ? "they are not judged" : "it is not judged"
            lines.append("note: the numeric estimate is unreliable at \(report.position(first))\(others): \(reason); \(judged).")
        }
        return lines.joined(separator: "\n")
    }

    /// check(L, [w, b]) and check(L, net): each input's table in turn, then every verdict on one line,
    /// the worst first, so a wrong one is not lost among the rest.
    func checksTable(_ reports: [Value]) -> TableText {
        let verdicts: [(name: String, verdict: CheckVerdict)] = reports.compactMap { value in
            switch value {
            case .check(let report): return (report.variable, report.verdict)
            case .tensorCheck(let report): return (report.variable, report.verdict)
            default: return nil
            }
        }
        let names = verdicts.map(\.name).joined(separator: ", ")
        var shown = TableText()
        shown.add("check with respect to \(names), one input at a time:")
        for report in reports {
            shown.add("")
            if case .check(let single) = report { shown.add(checkTable(single)) } else { shown.add(text(report)) }
        }
        let severity = ["wrong", "cannot tell", "close", "agree", "fine", "exact"]
        let ordered = verdicts.enumerated().sorted {
            let (a, b) = (severity.firstIndex(of: $0.element.verdict.word) ?? 0, severity.firstIndex(of: $1.element.verdict.word) ?? 0)
            return a != b ? a < b : $0.offset < $1.offset
        }
        let summary = ordered.map { "\($0.element.name) \($0.element.verdict.word)" }.joined(separator: ", ")
        let wrong = verdicts.filter { $0.verdict.word == "wrong" }.count
        let opening = wrong == 0 ? "in all: no input is wrong" : "in all: \(wrong) of \(verdicts.count) inputs wrong"
        shown.add("\(opening) (\(summary)).")
        return shown
    }
}

extension ValueRenderer {
    /// A result that holds a table (backward, check), as lines and tables; nil for any other value.
    func tableText(_ value: Value) -> TableText? {
        switch value {
        case .backward(let report): return backwardTable(report)
        case .check(let report): return checkTable(report)
        case .checks(let reports): return checksTable(reports)
        default: return nil
        }
    }
}
