// Bounds on symbolic work (diff, symbolic grad, check, ==): Ctrl-C and a formula size limit, both
// polled inside the formula store and turned into diagnostics here.

extension Evaluator {
    /// How many formula nodes a symbolic computation may add beyond its input's (or four times the
    /// input's size, when that is more: a derivative of a long chain is a few times the chain).
    ///
    /// Each derivative order can double a formula (diff(x^x^x^x^x, x, 20) would need about 2^20 times
    /// the first derivative's size). 50,000 nodes take about half a second to build and would print
    /// as pages of text, which is no longer a formula anyone reads.
    static let maximumFormulaGrowth = 50_000

    /// Lets `store` stop at Ctrl-C, and once it grows past `maximumFormulaGrowth` new nodes.
    func limitWork(of store: FormulaStore) {
        store.maximumCount = store.count + max(Evaluator.maximumFormulaGrowth, 4 * store.count)
        let interruption = self.interruption
        store.shouldStop = { interruption?.isRequested == true }
    }

    /// Throws when `store` stopped before finishing: "interrupted", or the result was too large.
    func checkWork(of store: FormulaStore, _ what: String, at range: SourceRange) throws(Diagnostic) {
        switch store.stopReason {
        case nil: return
        case .interrupted: throw .interrupted(at: range)
        case .tooLarge: throw .formulaTooLarge(what, limit: Evaluator.maximumFormulaGrowth, at: range)
        }
    }
}
