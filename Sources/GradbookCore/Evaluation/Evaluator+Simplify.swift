// simplify(EXPR) and expand(EXPR): the formula of EXPR rewritten (Symbolic/Simplify.swift), printed as diff prints.

extension Evaluator {
    func simplifyOrExpand(_ name: String, _ arguments: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        try checkCount(name, arguments, expected: 1, at: range)
        let output = try node(arguments[0], role: .expressionTo(name))
        let bridge = makeBridge()
        bridge.isWrittenAsNumber = outdatedLeaf
        let formulas = output.isTensor ? bridge.elementFormulas(of: output) : [bridge.formula(of: output)]
        limitWork(of: bridge.store)
        var notes = FormulaStore.SimplifyNotes()
        var results: [FormulaID] = []
        for formula in formulas {
            if name == "expand" {
                guard let expanded = bridge.store.expanded(formula) else {
                    try checkWork(of: bridge.store, .typed(source.text(in: range)), at: range)
                    throw .expansionTooLarge(source.text(in: arguments[0].range), limit: FormulaStore.maximumExpandedTerms, at: range)
                }
                results.append(expanded)
            } else {
                results.append(bridge.store.simplified(formula, notes: &notes))
            }
        }
        try checkWork(of: bridge.store, .typed(source.text(in: range)), at: range)
        try checkInterruption(at: range)
        if bridge.store.size(of: results) > FormulaPrinter.maximumPrintedSize {
            throw .formulaTooLarge(.typed(source.text(in: range)), limit: FormulaPrinter.maximumPrintedSize, at: range)
        }
        if notes.keptExpOfLog {
            addNote(.simplifyKeptExpOfLog)
        }
        if notes.keptPowerOfPower {
            addNote(.simplifyKeptPowerOfPower)
        }
        return formulaResult(results, shapedLike: output, bridge: bridge, at: range, areDerivatives: false)
    }
}
