// The messages of computations that cannot be done as asked: sizes gradbook refuses, shapes that do not fit,
// derivatives that would stand for nothing, networks and data that do not match. Alphabetised.
//
// Same conventions as `Diagnostic+Messages.swift`: the call site passes what it knows (names, sizes, the text as
// typed, a call to suggest); the sentence is written here. Limits are passed in, so this file names no type of
// the folders that set them.

extension Diagnostic {
    /// A calculus entry of the builtin table without a case in `Evaluator.call`: a bug in gradbook, said plainly.
    static func builtinWithoutImplementation(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(name) is listed as a builtin but gradbook has no implementation for it.")
    }

    /// `check(EXPR, [w, b], 3)`: `call` is the check with its first input, as a working example.
    static func checkOneInputAtATime(_ count: Int, call: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "your gradient can be checked against one input at a time, not against \(count) at once.",
                   hint: "check it with its own input, for example `\(call)`.")
    }

    static func crossEntropyNeedsClasses(_ network: String, data: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "cross_entropy needs two or more outputs (one per class), but \(network) gives 1, so its loss is always 0.",
                   hint: "for one output and labels 0 and 1 use bce: `train(\(network), \(data), loss = bce)`")
    }

    static func datasetNeedsMatrices(at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "dataset needs two matrices with one row per example and the same number of rows.",
                   hint: "for example `dataset([[0, 1], [1, 0]], [[1], [1]])`; a vector counts as one column.")
    }

    /// `dataset(d1, d2)` where d2's examples have another number of inputs or targets than d1's.
    static func datasetsDoNotJoin(_ typed: String, inputs: Int, targets: Int, firstInputs: Int, firstTargets: Int,
                                  at range: SourceRange) -> Diagnostic {
        func shape(_ inputs: Int, _ targets: Int) -> String {
            "\(inputs) input\(inputs == 1 ? "" : "s") and \(targets) target\(targets == 1 ? "" : "s")"
        }
        return Diagnostic(range, "'\(typed)' has \(shape(inputs, targets)) per example, but the first data set has \(shape(firstInputs, firstTargets)), so their examples cannot be joined.")
    }

    /// An index range `a:b` with a after b (both counted from 1).
    static func emptyRange(from first: Int, to last: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "the range \(first):\(last) is empty: it must go from a smaller index to a larger one.")
    }

    /// `expand` whose result would have more than `limit` terms.
    static func expansionTooLarge(_ typed: String, limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "expanding '\(typed)' would give a sum of more than \(limit) terms.",
                   hint: "simplify(EXPR) combines like terms without multiplying sums out.")
    }

    /// A finite numeric estimate of a derivative whose backprop value is not finite (infinite, or nan where backprop
    /// could not give it as a number): joined to the graph it would stand for nothing. "Backprop gives", not "the
    /// exact derivative is": at x = 1e200, forward_diff(log(x*x), x) met a backprop nan whose true value is 2e-200.
    static func finiteEstimateOfInfinite(_ typed: String, exact: String, estimate: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "backprop gives \(exact) for this derivative here, but '\(typed)' estimates it as \(estimate), a finite number that stands for nothing (differentiated again it would give a meaningless 0).",
                   hint: "grad(…) of the same expression shows backprop's value, with a note on why it is not a finite number.")
    }

    /// A numeric estimate that is itself not finite (inf) of a derivative whose exact value is not finite either
    /// (nan where two infinities met): a step on the way overflowed, and no number stands here.
    static func estimateOfOverflow(_ typed: String, exact: String, estimate: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "backprop gives \(exact) for this derivative here and '\(typed)' estimates it as \(estimate): a step on the way overflowed, so neither is a number gradbook can give or differentiate further.",
                   hint: "grad(…) of the same expression shows where the first infinity appeared.")
    }

    /// forward_diff's tangent is finite where the exact directional derivative is not.
    static func forwardModeOfInfinite(_ typed: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "forward mode gives finite numbers where the exact derivative is not finite, so '\(typed)' would stand for nothing.",
                   hint: "grad of the same expression gives the exact value.")
    }

    /// `forward_diff(EXPR, w)` with `w` a vector or matrix (`shape` says which): `call` passes a direction of
    /// ones, `whole` differentiates every element at once (jacobian or grad).
    static func forwardNeedsDirection(_ name: String, shape: String, call: String, whole: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "forward mode moves '\(name)' along one direction, and '\(name)' is \(shape), so forward_diff needs that direction as a third argument.",
                   hint: "for example `\(call)`, or `\(whole)` for every element at once.")
    }

    /// `call` is the same forward_diff of the sum of the expression's elements.
    static func forwardJacobianTooLarge(rows: Int, columns: Int, limit: Int, call: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "this forward pass is joined to a Jacobian of \(rows) × \(columns) = \(rows * columns) entries, more than the \(limit) gradbook builds.",
                   hint: "reduce the expression first, for example `\(call)`.")
    }

    static func hessianTooLarge(_ count: Int, limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "this Hessian would have \(count) × \(count) = \(count * count) entries, more than the \(limit) gradbook builds.",
                   hint: "take it with respect to fewer elements, for example one row of a matrix bound to its own name.")
    }

    /// `call` is one backward pass of the sum of the rows, `grad(sum(EXPR), targets)`.
    static func jacobianTooLarge(rows: Int, columns: Int, limit: Int, call: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "this Jacobian would have \(rows) × \(columns) = \(rows * columns) entries, more than the \(limit) gradbook builds.",
                   hint: "for the gradient of the sum of the rows, one backward pass: `\(call)`.")
    }

    static func latexTooLarge(limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "latex would need formulas of more than \(limit) parts here, larger than gradbook builds.",
                   hint: "write out a smaller example: a 3×3 matrix shows the same pattern.")
    }

    /// `[1, [2, 3]]`: element `index` (counted from 1) has another number of dimensions than the first.
    static func listMixesNumbersAndRows(first: [Int], element index: Int, shape: [Int], at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "a list holds numbers or equally long rows, not both: element 1 is \(Tensor.noun(first)) and element \(index) is \(Tensor.noun(shape)).",
                   hint: "a vector is `[1, 2, 3]`; a matrix is `[[1, 2], [3, 4]]`.")
    }

    /// The network called on an input whose last size is not the network's number of inputs.
    static func networkInputLength(_ name: String, expected: Int, shape: [Int], at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(name) takes inputs of length \(expected), but this is \(Tensor.noun(shape)).",
                   hint: "pass a vector of \(expected) numbers, or a matrix with \(expected) columns (one example per row).")
    }

    /// `train` on data with a nan or an infinity in it: every loss would be nan, or, where a relu turned the
    /// nan into 0, a finite loss that hides it.
    static func dataNotFinite(_ data: String, value: String, part: String, example: Int, column: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(data) has \(value) in example \(example) (its \(part), column \(column)), and a network cannot learn from it: the loss would be nan, or a number that hides it.",
                   hint: "`\(data).\(part)` shows the examples; make the data set again without that one (dataset takes the two matrices: dataset(X, Y)).")
    }

    static func networkDoesNotFitData(inputs: Int, outputs: Int, dataInputs: Int, dataTargets: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "the network takes \(inputs) inputs and gives \(outputs) outputs, but the data has \(dataInputs) inputs and \(dataTargets) targets per example.",
                   hint: "make the first and last layer sizes match the data, for example `mlp(\(dataInputs), [8, \(dataTargets)])`.")
    }

    static func numericGradientTooLarge(_ count: Int, passes: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "a numeric gradient of \(count) elements would take \(passes) forward passes, more than gradbook runs at once.",
                   hint: "use grad(…) (backpropagation: one pass for all of them).")
    }

    /// A matrix product of `work` multiply-adds, more than `limit`, which Ctrl-C could not stop.
    static func productTooMuchWork(_ what: String, work: Double, limit: Double, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(what) needs \(NumberFormat(digits: 3).text(work / 1e9)) billion multiply-adds, more than the \(NumberFormat().text(limit / 1e9)) billion gradbook does in one step (it could not be stopped with Ctrl-C).",
                   hint: "use smaller matrices; a network learns the same lesson with a few dozen units.")
    }

    /// `[[1, 2], [3]]`: row `row` (counted from 1) is not as long as the first.
    static func raggedRows(firstLength: Int, row: Int, length: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "every row of a matrix must have the same length, but row 1 has \(firstLength) and row \(row) has \(length).",
                   hint: "a matrix is a list of equally long rows: `[[1, 2], [3, 4]]`.")
    }

    static func singularMatrix(_ typed: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(typed)' has no inverse: its determinant is 0 (it is singular).",
                   hint: "check it with `det(\(typed))`.")
    }

    static func stepWithoutGradients(_ network: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "step needs the gradients of \(network)'s weights, but the last backward pass did not reach them.",
                   hint: "compute a loss from \(network) and run backward on it first, as in L = mse(\(network)(X), Y); backward(L).")
    }

    /// jacobian or hessian (`function`) with respect to a name that has no value.
    static func unboundTensorTarget(_ name: String, function: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(name)' has no value, and \(function) of vectors and matrices is computed from numbers.",
                   hint: "give '\(name)' a value first, for example `\(name) = 1`.")
    }
}
