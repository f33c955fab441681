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

    /// The most elements a vector or matrix of formulas may have. Each element is its own formula, and
    /// showing, differentiating or exporting 5 million of them (relu(z) + eye(2000)) takes minutes and
    /// prints megabytes; with numbers bound, the same shapes are cheap.
    static let maximumSymbolicElements = 10_000

    /// Refuses an operation whose result, of `shape`, would be a vector or matrix of formulas larger
    /// than `maximumSymbolicElements`.
    func checkSymbolicSize(of inputs: [Node], shape: [Int], at range: SourceRange) throws(Diagnostic) {
        guard inputs.contains(where: \.isSymbolic) else { return }
        let count = shape.reduce(1, *)
        guard count > Evaluator.maximumSymbolicElements else { return }
        let symbols = Set(inputs.filter(\.isSymbolic).flatMap(\.sources).filter { !$0.isLeaf }.compactMap(\.name)).sorted()
        throw .symbolicTensorTooLarge(count, symbols: symbols, limit: Evaluator.maximumSymbolicElements, at: range)
    }

    /// The most multiply-adds one matrix product (or one network call) may take: about half a second
    /// here. A product cannot stop halfway at Ctrl-C, so a bigger one is refused before it starts.
    static let maximumProductWork = 1e9

    /// Refuses a product of `work` multiply-adds beyond `maximumProductWork`; `what` names it.
    func checkProductWork(_ work: Double, _ what: String, at range: SourceRange) throws(Diagnostic) {
        guard work > Evaluator.maximumProductWork else { return }
        throw .productTooMuchWork(what, work: work, limit: Evaluator.maximumProductWork, at: range)
    }

    /// A bridge whose conversion of graphs to formulas stops at Ctrl-C (and, as every bridge's, past
    /// `FormulaBridge.maximumConvertedSize` nodes); `checkWork` then says which.
    func makeBridge() -> FormulaBridge {
        let interruption = self.interruption
        return FormulaBridge { interruption?.isRequested == true }
    }

    /// Lets `store` stop at Ctrl-C, and once it grows past `maximumFormulaGrowth` new nodes.
    func limitWork(of store: FormulaStore) {
        let interruption = self.interruption
        Calculus.limitWork(of: store) { interruption?.isRequested == true }
    }

    /// Throws when `store` stopped before finishing: "interrupted", or the result was too large.
    func checkWork(of store: FormulaStore, _ work: Diagnostic.FormulaWork, at range: SourceRange) throws(Diagnostic) {
        switch store.stopReason {
        case nil: return
        case .interrupted: throw .interrupted(at: range)
        case .tooLarge: throw .formulaTooLarge(work, limit: Evaluator.maximumFormulaGrowth, at: range)
        }
    }
}
