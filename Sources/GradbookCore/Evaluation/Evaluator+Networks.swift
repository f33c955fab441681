import Foundation

// Networks in the language: mlp, layer, calling a network, params, losses, data sets, train, accuracy.

extension Evaluator {
    func callNetworkFunction(_ name: String, _ arguments: [Argument], at range: SourceRange) throws(Diagnostic) -> Value {
        let (positional, labelled) = try split(arguments, of: name, allowing: Set(Builtin.named(name).first { $0.implementation == .network }?.options ?? []))
        switch name {
        case "mlp", "layer":
            try checkCount(name, positional, expected: 2, at: range, hint: "usage: `\(name == "mlp" ? "mlp(2, [4, 1])" : "layer(3, 2)")`")
            let inputs = try count(positional[0], role: .numberOfInputs)
            var sizes = [inputs]
            if name == "mlp" {
                guard case .list(let elements) = positional[1].kind, !elements.isEmpty else {
                    throw .wrongKind(.layerSizes, at: positional[1].range)
                }
                for element in elements { sizes.append(try count(element, role: .layerSize)) }
            } else {
                sizes.append(try count(positional[1], role: .numberOfOutputs))
            }
            try checkElementCount(Double(sizes.reduce(0) { $0 + $1 * $1 }), at: range)
            let activation = try labelled["act"].map { (expression) throws(Diagnostic) -> MathFunction in try activationFunction(expression) }
                ?? (name == "mlp" ? .relu : .tanh)
            let seed = try labelled["seed"].map { (expression) throws(Diagnostic) -> Double in try wholeNumber(expression, role: .seed, at: expression.range) } ?? 1
            return .network(Network.make(sizes: sizes, activation: activation, activateLast: name == "layer", seed: UInt64(bitPattern: Int64(seed))))
        case "params":
            try checkCount(name, positional, expected: 1, at: range)
            let network = try networkArgument(positional[0])
            return .collection(network.parameters.map(\.node), names: network.parameters.map { $0.node.name ?? $0.name })
        case "xor":
            try checkCount(name, positional, expected: 0, at: range, hint: "usage: `xor()`")
            return .dataset(.xor())
        case "moons", "circles", "line":
            try checkCount(name, positional, expected: 1, at: range, hint: "usage: `\(name)(100)`")
            let n = try count(positional[0], role: .numberOfPoints)
            let noise = try labelled["noise"].map { (expression) throws(Diagnostic) -> Double in try scalar(expression, role: .noise).value } ?? 0.1
            let seed = UInt64(bitPattern: Int64(try labelled["seed"].map { (expression) throws(Diagnostic) -> Double in try wholeNumber(expression, role: .seed, at: expression.range) } ?? 1))
            switch name {
            case "moons": return .dataset(.moons(n, noise: noise, seed: seed))
            case "circles": return .dataset(.circles(n, noise: noise, seed: seed))
            default: return .dataset(.line(n, noise: noise, seed: seed))
            }
        case "mse", "bce", "cross_entropy", "hinge":
            try checkCount(name, positional, expected: 2, at: range, hint: "usage: \(name)(prediction, target), for example `\(Builtin.entry(named: name, argumentCount: 2)?.example ?? "")`")
            let prediction = try node(positional[0], role: .prediction)
            let target = try node(positional[1], role: .target)
            guard prediction.shape == target.shape || (prediction.shape.reduce(1, *) == target.shape.reduce(1, *)) else {
                throw .shapeMismatch(name, prediction.shape, target.shape, at: range)
            }
            let loss = Loss(rawValue: name) ?? .mse
            return .scalar(loss.node(prediction, target) { makeNode($0, $1, at: range) })
        case "accuracy", "predict":
            try checkCount(name, positional, expected: 2, at: range)
            let network = try networkArgument(positional[0])
            if name == "accuracy" {
                let data = try datasetArgument(positional[1])
                return .scalar(.constant(network.accuracy(on: data), cell: cell))
            }
            let inputs = try node(positional[1], role: .inputs)
            guard let tensor = inputs.tensor else { throw .wrongKind(.inputs, at: positional[1].range) }
            let classes = network.predictedClasses(tensor.isVector ? Tensor(shape: [1, tensor.count], elements: tensor.elements) : tensor)
            return .scalar(.constant(Tensor(shape: [classes.count], elements: classes), cell: cell))
        case "train":
            return try train(positional, labelled, at: range)
        case "dataset":
            if let first = positional.first, case .dataset = try evaluate(first) {
                return .dataset(try joined(positional, at: range))
            }
            try checkCount(name, positional, expected: 2, at: range, hint: "usage: dataset(X, Y), for example `dataset([[0, 1], [1, 0]], [1, 1])`")
            let inputs = try node(positional[0], role: .inputs), targets = try node(positional[1], role: .targets)
            func matrix(_ node: Node) -> Tensor? {
                guard let tensor = node.tensor else { return nil }
                return tensor.isMatrix ? tensor : Tensor(shape: [tensor.count, 1], elements: tensor.elements)
            }
            guard let x = matrix(inputs), let y = matrix(targets), x.rows == y.rows else {
                throw .datasetNeedsMatrices(at: range)
            }
            return .dataset(Dataset(name: "dataset", inputs: x, targets: y))
        case "load":
            return try loadCSV(positional, at: range)
        case "spiral":
            try checkCount(name, positional, expected: 1, at: range, hint: "usage: `spiral(90)`")
            let n = try count(positional[0], role: .numberOfPoints)
            let classes = try labelled["classes"].map { (expression) throws(Diagnostic) -> Int in try count(expression, role: .numberOfClasses) } ?? 2
            let noise = try labelled["noise"].map { (expression) throws(Diagnostic) -> Double in try scalar(expression, role: .noise).value } ?? 0.1
            let seed = UInt64(bitPattern: Int64(try labelled["seed"].map { (expression) throws(Diagnostic) -> Double in try wholeNumber(expression, role: .seed, at: expression.range) } ?? 1))
            return .dataset(.spiral(n, classes: min(classes, 10), noise: noise, seed: seed))
        case "l2":
            try checkCount(name, positional, expected: 1, at: range, hint: "usage: l2(net), for example `l2(mlp(2, [4, 1]))`")
            let network = try networkArgument(positional[0])
            let squares = network.layers.map { layer in
                makeNode(.sum(axis: nil), [makeNode(.power, [layer.weights, .constant(2, cell: cell)], at: range)], at: range)
            }
            return .scalar(squares.dropFirst().reduce(squares[0]) { makeNode(.add, [$0, $1], at: range) })
        case "step":
            return try step(positional, at: range)
        default:
            throw .unknownFunction(name, suggestion: nil, at: range)
        }
    }

    private func split(_ arguments: [Argument], of name: String, allowing labels: Set<String>) throws(Diagnostic) -> ([Expression], [String: Expression]) {
        var positional: [Expression] = [], labelled: [String: Expression] = [:]
        for argument in arguments {
            if let label = argument.label {
                guard labels.contains(label) else { throw .unknownLabel(label, function: name, at: argument.labelRange ?? argument.value.range) }
                labelled[label] = argument.value
            } else {
                positional.append(argument.value)
            }
        }
        return (positional, labelled)
    }

    private func count(_ expression: Expression, role: Diagnostic.Role) throws(Diagnostic) -> Int {
        let value = try wholeNumber(expression, role: role, at: expression.range)
        guard value >= 1 else { throw .wrongKind(.notPositive(role: role, typed: source.text(in: expression.range)), at: expression.range) }
        try checkElementCount(value, at: expression.range)
        return Int(value)
    }

    private func activationFunction(_ expression: Expression) throws(Diagnostic) -> MathFunction {
        guard case .name(let name) = expression.kind, let function = MathFunction(rawValue: name), [.tanh, .relu, .sigmoid].contains(function) else {
            throw .wrongKind(.activation(typed: source.text(in: expression.range)), at: expression.range)
        }
        return function
    }

    func networkArgument(_ expression: Expression) throws(Diagnostic) -> Network {
        guard case .network(let network) = try evaluate(expression) else {
            throw .wrongKind(.notNetwork(typed: source.text(in: expression.range)), at: expression.range)
        }
        return network
    }

    private func datasetArgument(_ expression: Expression) throws(Diagnostic) -> Dataset {
        guard case .dataset(let data) = try evaluate(expression) else {
            throw .wrongKind(.notDataset(typed: source.text(in: expression.range)), at: expression.range)
        }
        return data
    }

    /// `dataset(d1, d2, …)`: the examples of several data sets, one after the other. Naming a data set
    /// twice repeats its examples (oversampling); each must have as many inputs and targets per example as the first.
    private func joined(_ positional: [Expression], at range: SourceRange) throws(Diagnostic) -> Dataset {
        var parts: [Dataset] = []
        for expression in positional {
            let data = try datasetArgument(expression)
            if let first = parts.first, data.inputs.columns != first.inputs.columns || data.targets.columns != first.targets.columns {
                throw .datasetsDoNotJoin(source.text(in: expression.range), inputs: data.inputs.columns, targets: data.targets.columns,
                                         firstInputs: first.inputs.columns, firstTargets: first.targets.columns, at: expression.range)
            }
            parts.append(data)
        }
        func stacked(_ tensors: [Tensor]) -> Tensor {
            Tensor(shape: [tensors.reduce(0) { $0 + $1.rows }, tensors[0].columns], elements: tensors.flatMap(\.elements))
        }
        return Dataset(name: "dataset", inputs: stacked(parts.map(\.inputs)), targets: stacked(parts.map(\.targets)))
    }

    /// `train(net, data, …)`: runs gradient descent, rebinds `net` to the trained network, and returns
    /// the loss history. Ctrl-C stops between steps and keeps the weights reached so far.
    private func train(_ positional: [Expression], _ labelled: [String: Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        try checkCount("train", positional, expected: 2, at: range, hint: "usage: train(net, data, lr = 0.1, epochs = 100), for example `net = mlp(2, [4, 1]); train(net, xor(), lr = 0.1, epochs = 100)`")
        guard case .name(let networkName) = positional[0].kind else {
            throw .wrongKind(.networkToTrain, at: positional[0].range)
        }
        let network = try networkArgument(positional[0])
        let data = try datasetArgument(positional[1])
        for (part, tensor) in [("inputs", data.inputs), ("targets", data.targets)] {
            if let position = tensor.elements.firstIndex(where: { !$0.isFinite }) {
                throw .dataNotFinite(source.text(in: positional[1].range), value: format.text(tensor.elements[position]), part: part,
                                     example: position / tensor.columns + 1, column: position % tensor.columns + 1, at: positional[1].range)
            }
        }
        let loss: Loss = try labelled["loss"].map { (expression) throws(Diagnostic) -> Loss in
            guard case .name(let name) = expression.kind, let loss = Loss(rawValue: name) else {
                throw .wrongKind(.loss, at: expression.range)
            }
            return loss
        } ?? .mse
        let optimizer: Optimizer = try labelled["opt"].map { (expression) throws(Diagnostic) -> Optimizer in
            guard case .name(let name) = expression.kind, let optimizer = Optimizer(rawValue: name) else {
                throw .wrongKind(.optimizer, at: expression.range)
            }
            return optimizer
        } ?? .sgd
        let learningRate = try labelled["lr"].map { (expression) throws(Diagnostic) -> Double in try scalar(expression, role: .learningRate).value } ?? 0.1
        let epochs = try labelled["epochs"].map { (expression) throws(Diagnostic) -> Int in
            let value = try wholeNumber(expression, role: .epochs, at: expression.range)
            guard value >= 1, value <= Double(Parser.maximumRepetitions) else {
                throw .wrongKind(.epochs(typed: source.text(in: expression.range), limit: Parser.maximumRepetitions), at: expression.range)
            }
            return Int(value)
        } ?? 100
        let batch = try labelled["batch"].map { (expression) throws(Diagnostic) -> Int in try count(expression, role: .batchSize) }
        guard let firstLayer = network.layers.first, firstLayer.inputs == data.inputs.columns,
              let lastLayer = network.layers.last, lastLayer.outputs == data.targets.columns else {
            throw .networkDoesNotFitData(inputs: network.layers.first?.inputs ?? 0, outputs: network.layers.last?.outputs ?? 0,
                                         dataInputs: data.inputs.columns, dataTargets: data.targets.columns, at: range)
        }
        // Softmax over one output is always 1, so cross_entropy would be 0 and train nothing, silently.
        if loss == .crossEntropy, lastLayer.outputs < 2, let lossExpression = labelled["loss"] {
            throw .crossEntropyNeedsClasses(networkName, data: source.text(in: positional[1].range), at: lossExpression.range)
        }
        // Ctrl-C is seen between steps, so one step (forward, and backward at about twice that) must be short.
        let stepRows = Double(min(batch ?? data.inputs.rows, data.inputs.rows))
        try checkProductWork(3 * stepRows * network.layers.reduce(0) { $0 + Double($1.inputs * $1.outputs) }, "one training step on this data", at: range)
        var trainer = Trainer(network: network, data: data, loss: loss, learningRate: learningRate, epochs: epochs, batchSize: batch, optimizer: optimizer)
        trainer.weightDecay = try labelled["l2"].map { (expression) throws(Diagnostic) -> Double in try scalar(expression, role: .l2Penalty).value } ?? 0
        let started = DispatchTime.now().uptimeNanoseconds
        var lastShown: UInt64 = 0
        let outcome = trainer.run(interruption: interruption) { epoch, loss in
            guard let progress else { return }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now - lastShown > 100_000_000 || epoch == epochs else { return }
            lastShown = now
            let elapsed = Double(now - started) / 1e9
            let rate = Double(epoch) / max(elapsed, 1e-9)
            let left = Double(epochs - epoch) / rate
            // Short enough for an 80-column terminal, so the line rewrites itself instead of wrapping.
            progress(String(format: "epoch %d/%d  loss %@  %.0f/s  %.0f s left  (Ctrl-C keeps weights)",
                            epoch, epochs, NumberFormat(digits: 4).text(loss), rate, left.rounded(.up)))
        }
        if outcome.wasInterrupted {
            // Handled: the report says so, and the session keeps the weights (no rollback).
            interruption?.clear()
        }
        noteGrowingLoss(outcome.history, learningRate: learningRate, networkName: networkName)
        var trained = outcome.network
        trained.lossName = loss.rawValue
        rebind(networkName, to: .network(trained))
        let history = Node.constant(Tensor(shape: [outcome.history.count], elements: outcome.history), cell: cell)
        let isClassification = loss != .mse
        return .training(TrainingReport(networkName: networkName, history: history, optimizer: optimizer.rawValue, learningRate: learningRate,
                                        wasInterrupted: outcome.wasInterrupted, accuracy: isClassification ? trained.accuracy(on: data) : nil))
    }

    /// A loss that ends 100 times above where it started (or not finite) has diverged; the usual cause is
    /// steps that overshoot, so name a smaller learning rate the learner can paste.
    private func noteGrowingLoss(_ history: [Double], learningRate: Double, networkName: String) {
        guard let first = history.first, let last = history.last, first.isFinite, first > 0,
              !last.isFinite || last > 100 * first else { return }
        let smaller = NumberFormat(digits: 6).text(learningRate / 10)
        addNote(.lossGrew(from: NumberFormat(digits: 6).text(first), to: NumberFormat(digits: 6).text(last), network: networkName, smallerRate: smaller))
    }

    /// `step(net, lr)`: w ← w − lr·dL/dw for every weight, with the gradients of the last `backward`.
    private func step(_ arguments: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        try checkCount("step", arguments, expected: 2, at: range)
        guard case .name(let networkName) = arguments[0].kind else {
            throw .wrongKind(.networkToUpdate, at: arguments[0].range)
        }
        let network = try networkArgument(arguments[0])
        let rate = try scalar(arguments[1], role: .learningRate).value
        guard let pass = bindings.lastBackward,
              let gradients = Optional(network.parameters.map({ pass.tensorGradient(of: $0.node) })),
              gradients.allSatisfy({ $0 != nil }) else {
            throw .stepWithoutGradients(networkName, at: range)
        }
        let updated = zip(network.parameters, gradients).map { parameter, gradient -> Tensor in
            let weights = parameter.node.tensor ?? Tensor(shape: parameter.node.shape, repeating: 0)
            let g = gradient?.elements ?? []
            return Tensor(shape: weights.shape, elements: weights.elements.indices.map { weights.elements[$0] - rate * g[$0] })
        }
        var next = network.replacingParameters(updated)
        next.lossName = network.lossName
        rebind(networkName, to: .network(next))
        let total = gradients.reduce(0.0) { $0 + ($1?.elements.reduce(0) { $0 + $1 * $1 } ?? 0) }
        // The number alone looked like a loss; say what it is (the same words every time, so a loop shows it once).
        addNote(.stepSize(network: networkName))
        return .scalar(.constant(total.squareRoot() * Swift.abs(rate), cell: cell))
    }

    /// `load("file.csv")`: the file's numbers as a matrix, or an error naming the file, line and column.
    private func loadCSV(_ arguments: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        try checkCount("load", arguments, expected: 1, at: range, hint: "usage: load(\"data.csv\")")
        guard case .string(let path) = arguments[0].kind else {
            throw .wrongKind(.fileName, at: arguments[0].range)
        }
        guard allowsFileAccess else { throw .fileAccessDisabled("load", at: range) }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : workingDirectory.appendingPathComponent(path)
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .couldNotRead(path, error: error, url: url, at: arguments[0].range)
        }
        let interruption = self.interruption
        switch CSVReader.read(text, shouldStop: { interruption?.isRequested == true }) {
        case .failure(let problem) where problem.kind == .interrupted:
            throw .interrupted(at: range)
        case .success(let (_, matrix)): return .scalar(.constant(matrix, cell: cell))
        case .failure(let problem):
            throw .csvProblem(path, line: problem.line, column: problem.column, problem: problem.kind, at: arguments[0].range)
        }
    }

    /// `net.W1`, `data.X`: a network's parameter or a data set's inputs and targets.
    func networkMember(_ value: Value, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value? {
        switch value {
        case .network(let network):
            let short = name
            if let parameter = network.parameters.first(where: { $0.name == short || $0.node.name?.hasSuffix("." + short) == true }) {
                return .scalar(parameter.node)
            }
            throw .wrongKind(.notNetworkPart(name, parts: network.parameters.map(\.name)), at: range)
        case .dataset(let data):
            switch name {
            case "X", "inputs": return .scalar(.constant(data.inputs, cell: cell))
            case "Y", "targets": return .scalar(.constant(data.targets, cell: cell))
            default: throw .wrongKind(.notDatasetPart(name), at: range)
            }
        default:
            return nil
        }
    }

    /// `net(x)`: the forward pass of the network bound to `name`.
    func callNetwork(_ network: Network, _ arguments: [Argument], name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        guard arguments.count == 1, arguments[0].label == nil else {
            throw .argumentCount(name, expected: "1 argument (the input)", given: arguments.count, at: range)
        }
        let input = try node(arguments[0].value, role: .input)
        let expected = network.layers.first?.inputs ?? 0
        guard input.isTensor, input.shape.last == expected else {
            throw .networkInputLength(name, expected: expected, shape: input.shape, at: arguments[0].value.range)
        }
        let examples = Double(input.shape.count == 2 ? input.shape[0] : 1)
        try checkProductWork(examples * network.layers.reduce(0) { $0 + Double($1.inputs * $1.outputs) }, "\(name) on this input", at: range)
        return .scalar(network.forward(input) { makeNode($0, $1, at: range) })
    }
}
