// The catalogue's wording for "X must be Y": each way an argument or operand can be the wrong kind is a
// case, and its words live here, so call sites pass names, the typed text and limits, never a phrase.
// `typed` is always the text the user typed for the value in question.

extension Diagnostic {
    enum WrongKind: Sendable {
        // Operators and indexing
        case operatorWithoutOperands(String)
        case matrixProductOperands
        case matrixProductOfNumber
        case colonOutsideIndex
        case notIndexable(typed: String)
        case noParts(typed: String, part: String)
        case notNetworkPart(String, parts: [String])
        case notDatasetPart(String)
        case emptyList
        case listElement
        case singleNumberHere(String)
        // Numbers given as arguments (`role` says which argument, as given to `scalar(_:role:)`)
        case notWholeNumber(role: Role, typed: String)
        case notPositive(role: Role, typed: String)
        case slope(typed: String)
        case dimension(typed: String, rank: Int)
        case depth
        case epochs(typed: String, limit: Int)
        case repetitions(typed: String, limit: Int)
        // Vectors and matrices given as arguments
        case tensorArgument(of: String, typed: String)
        case shapeOfNumber(typed: String)
        case outerArguments
        case prodTooLong(typed: String, limit: Int, count: Int)
        // Networks, data and training
        case layerSizes
        case inputs
        case activation(typed: String)
        case notNetwork(typed: String)
        case notDataset(typed: String)
        case networkToTrain
        case networkToUpdate
        case loss
        case optimizer
        case fileName
        // Pictures
        case boundaryData
        case boundaryInputs
        case plotArgument
        case plotRange

        /// What is wrong, what it must be, and a hint.
        var wording: (what: String, expected: String, hint: String?) {
            let w: Wording
            switch self {
            case .operatorWithoutOperands(let symbol): w = Wording("'\(symbol)'", "used between two expressions")
            case .matrixProductOperands: w = Wording("both sides of '@'", "vectors or matrices")
            case .matrixProductOfNumber: w = Wording("both sides of '@'", "vectors or matrices (use * to multiply by a number)")
            case .colonOutsideIndex: w = Wording("':'", "used inside an index, as in W[1, :] or v[2:4]")
            case .notIndexable(let typed): w = Wording("'\(typed)'", "a vector or matrix to be indexed with [ ]")
            case .noParts(let typed, let part): w = Wording("'\(typed)'", "a network to have a part called '\(part)'")
            case .notNetworkPart(let name, let parts): w = Wording("'\(name)'", "a part of the network: " + parts.joined(separator: ", "))
            case .notDatasetPart(let name): w = Wording("'\(name)'", "X (the inputs) or Y (the targets)")
            case .emptyList: w = Wording("'[]'", "given at least one element", hint: "for example `[1, 2, 3]`")
            case .listElement: w = Wording("an element of a list", "a number or a vector (a matrix is a list of rows)")
            case .singleNumberHere(let name): w = Wording("'\(name)'", "a single number here")
            case .notWholeNumber(let role, let typed): w = Wording("\(role.phrase) ('\(typed)')", "a whole number")
            case .notPositive(let role, let typed): w = Wording("\(role.phrase) ('\(typed)')", "at least 1")
            case .slope(let typed): w = Wording("the slope ('\(typed)')", "a number from 0 to 1")
            case .dimension(let typed, let rank):
                w = Wording("the dimension ('\(typed)')", rank == 1 ? "1 for a vector" : "1 (down the columns) or 2 (along the rows)")
            case .depth: w = Wording("the depth", "at least 1")
            case .epochs(let typed, let limit): w = Wording("the number of epochs ('\(typed)')", "a whole number from 1 to \(limit)")
            case .repetitions(let typed, let limit): w = Wording("the number of repetitions ('\(typed)')", "a whole number from 0 to \(Diagnostic.grouped(limit))")
            case .tensorArgument(let function, let typed): w = Wording("the argument of \(function) ('\(typed)')", "a vector or matrix")
            case .shapeOfNumber(let typed): w = Wording("the argument of shape ('\(typed)')", "a vector or matrix; a number has no sizes")
            case .outerArguments: w = Wording("both arguments of outer", "vectors")
            case .prodTooLong(let typed, let limit, let count):
                w = Wording("the argument of prod ('\(typed)')",
                            "at most \(limit) elements, since prod is written out as one product per element; it has \(count)")
            case .layerSizes: w = Wording("the layer sizes", "a list like [4, 1]")
            case .inputs: w = Wording("the inputs", "a vector or matrix")
            case .activation(let typed): w = Wording("the activation ('\(typed)')", "tanh, relu or sigmoid")
            case .notNetwork(let typed): w = Wording("'\(typed)'", "a network, such as mlp(2, [4, 1])")
            case .notDataset(let typed): w = Wording("'\(typed)'", "a data set, such as xor() or moons(100)")
            case .networkToTrain:
                w = Wording("the network to train", "a name bound to a network (train updates it)",
                            hint: "for example `net = mlp(2, [4, 1]); train(net, xor())`")
            case .networkToUpdate: w = Wording("the network to update", "a name bound to a network")
            case .loss: w = Wording("the loss", "mse, bce, cross_entropy or hinge")
            case .optimizer: w = Wording("the optimizer", "sgd, momentum or adam")
            case .fileName: w = Wording("the file name", "text in quotes, as in load(\"data.csv\")")
            case .boundaryData: w = Wording("the second argument of boundary", "a data set, such as xor() or moons(100)")
            case .boundaryInputs: w = Wording("boundary's network and data", "2-input (points in the plane)")
            case .plotArgument:
                w = Wording("plot's one argument", "a vector of numbers (such as train's loss history)",
                            hint: "to draw a function, name the variable and the range: `plot(sin(x), x, -3, 3)`.")
            case .plotRange: w = Wording("the range of plot", "two finite numbers a < b")
            }
            return (w.what, w.expected, w.hint)
        }

        private struct Wording {
            let what: String, expected: String, hint: String?
            init(_ what: String, _ expected: String, hint: String? = nil) {
                self.what = what
                self.expected = expected
                self.hint = hint
            }
        }
    }

    /// "X must be Y.", worded by the catalogue.
    static func wrongKind(_ problem: WrongKind, at range: SourceRange) -> Diagnostic {
        let (what, expected, hint) = problem.wording
        return .wrongKind(what, expected: expected, at: range, hint: hint)
    }

    /// Which argument or operand a value was meant to be: the start of "X ('typed') must be …".
    enum Role: Sendable {
        case argument(of: String)
        case parameter(String, of: String)
        case option(String)
        case value(of: String)
        case expressionTo(String)
        case expression, expressionToDifferentiate, function, eachFunction, yourGradient, derivativeOrder, step, direction
        case leftSideOfEquals, rightSideOfEquals, indexed, index, listElement, size, dimension, slope, depth, curve
        case start, end, rangeStart, rangeEnd
        case seed, noise, numberOfPoints, numberOfClasses, numberOfInputs, numberOfOutputs, layerSize
        case inputs, targets, input, target, prediction, learningRate, epochs, batchSize, l2Penalty, repetitions

        var phrase: String {
            switch self {
            case .argument(let function): "the argument of \(function)"
            case .parameter(let parameter, let function): "the argument '\(parameter)' of \(function)"
            case .option(let label): label
            case .value(let name): "the value of '\(name)'"
            case .expressionTo(let verb): "the expression to \(verb)"
            case .expression: "the expression"
            case .expressionToDifferentiate: "the expression to differentiate"
            case .function: "the function"
            case .eachFunction: "each function"
            case .yourGradient: "your gradient"
            case .derivativeOrder: "the derivative order"
            case .step: "the step h"
            case .direction: "the direction"
            case .leftSideOfEquals: "the left side of '=='"
            case .rightSideOfEquals: "the right side of '=='"
            case .indexed: "what is indexed"
            case .index: "an index"
            case .listElement: "each element of a list"
            case .size: "a size"
            case .dimension: "the dimension"
            case .slope: "the slope"
            case .depth: "the depth"
            case .curve: "a curve to plot"
            case .start: "the start"
            case .end: "the end"
            case .rangeStart: "the start of the range"
            case .rangeEnd: "the end of the range"
            case .seed: "the seed"
            case .noise: "the noise"
            case .numberOfPoints: "the number of points"
            case .numberOfClasses: "the number of classes"
            case .numberOfInputs: "the number of inputs"
            case .numberOfOutputs: "the number of outputs"
            case .layerSize: "a layer size"
            case .inputs: "the inputs"
            case .targets: "the targets"
            case .input: "the input"
            case .target: "the target"
            case .prediction: "the prediction"
            case .learningRate: "the learning rate"
            case .epochs: "the number of epochs"
            case .batchSize: "the batch size"
            case .l2Penalty: "the L2 penalty"
            case .repetitions: "the number of repetitions"
            }
        }
    }

    /// What a symbolic computation was building when its formula grew past the limit.
    enum FormulaWork: Sendable {
        /// The call or expression as typed.
        case typed(String)
        case comparing(typed: String)
        case symbolicDerivativeIn(typed: String)
        case latex
        case plotting(typed: String)

        var phrase: String {
            switch self {
            case .typed(let typed): "'\(typed)'"
            case .comparing(let typed): "comparing '\(typed)'"
            case .symbolicDerivativeIn(let typed): "the symbolic derivative in '\(typed)'"
            case .latex: "latex"
            case .plotting(let typed): "plotting '\(typed)'"
            }
        }
    }
}
