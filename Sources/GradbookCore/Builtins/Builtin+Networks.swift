// The network builtins: building, losses, data sets, training (implemented in `Evaluator+Networks.swift`).

extension Builtin {
    private static func network(_ name: String, usage: String, _ summary: String, example: String, shows: String? = nil,
                                note: String? = nil, options: [String] = [], arity: ClosedRange<Int>) -> Builtin {
        Builtin(name, usage: usage, summary, example: example, shows: shows, note: note, options: options, arity: arity,
                theme: .networks, implementation: .network)
    }

    static let networks: [Builtin] = [
        network("mlp", usage: "mlp(n_in, [h1, …, n_out], act = relu, seed = 1)", "a multilayer perceptron; the last layer is linear.",
                example: "net = mlp(2, [4, 1], act = tanh)", options: ["act", "seed"], arity: 2...2),
        network("layer", usage: "layer(n_in, n_out, act = tanh, seed = 1)", "one fully connected layer, a network of its own.",
                example: "L = layer(3, 2)", options: ["act", "seed"], arity: 2...2),
        network("params", usage: "params(net)", "the network's weights and biases, by name.", example: "params(mlp(2, [3, 1]))", arity: 1...1),
        network("l2", usage: "l2(net)", "the sum of the squares of the network's weights (not biases), for a weight-decay penalty.",
                example: "net = mlp(1, [3, 1]); d = line(10); L = mse(net(d.X), d.Y) + 0.01*l2(net)", arity: 1...1),
        network("mse", usage: "mse(prediction, target)", "mean((prediction - target)^2), for regression.",
                example: "mse([1, 2], [1, 3])", shows: "0.5", arity: 2...2),
        network("bce", usage: "bce(logits, labels)", "binary cross-entropy from logits, labels 0 or 1; stable for any logit.",
                example: "bce([2, -1], [1, 0])", arity: 2...2),
        network("cross_entropy", usage: "cross_entropy(logits, targets)", "from logits (one row per example) and one-hot targets.",
                example: "cross_entropy([[2, 1, 0]], [[1, 0, 0]])", arity: 2...2),
        network("hinge", usage: "hinge(scores, labels)", "mean(relu(1 - y*s)) with labels -1 or 1 (0 counts as -1).",
                example: "hinge([0.5, -2], [1, -1])", arity: 2...2),
        network("step", usage: "step(net, lr)", "one gradient-descent update of net's weights, with the gradients of the last backward(…).",
                example: "net = mlp(2, [4, 1]); L = mse(net(xor().X), xor().Y); backward(L); step(net, 0.5)",
                note: "the number it shows is the size of the update, lr times the length of the gradient (all weights "
                    + "and biases as one vector): how far the weights moved. It falls as training settles.",
                arity: 2...2),
        network("train", usage: "train(net, data, loss = mse, lr = 0.1, epochs = 100, batch = n, opt = sgd|momentum|adam, l2 = 0)",
                "gradient descent; net is updated, the loss history returned.",
                example: "net = mlp(2, [4, 1], act = tanh); train(net, xor(), lr = 0.5, epochs = 500)",
                options: ["loss", "lr", "epochs", "batch", "opt", "l2"], arity: 2...2),
        network("accuracy", usage: "accuracy(net, data)", "the fraction of examples the network classifies correctly.",
                example: "net = mlp(2, [4, 1]); accuracy(net, xor())", arity: 2...2),
        network("predict", usage: "predict(net, X)", "the class the network predicts for each row of X.",
                example: "net = mlp(2, [4, 1]); predict(net, xor().X)", arity: 2...2),
        network("xor", usage: "xor()", "the four points of XOR, the classic problem a single linear unit cannot solve.",
                example: "data = xor(); data.X", arity: 0...0),
        network("moons", usage: "moons(n, noise = 0.1, seed = 1)", "two interleaving half circles, labels 0 and 1.",
                example: "data = moons(100, noise = 0.1)", options: ["noise", "seed"], arity: 1...1),
        network("circles", usage: "circles(n, noise = 0.1, seed = 1)", "two concentric rings of points, labels 0 and 1.",
                example: "data = circles(100)", options: ["noise", "seed"], arity: 1...1),
        network("line", usage: "line(n, noise = 0.1, seed = 1)", "points on y = 2x + 1 with noise, for regression.",
                example: "data = line(20)", options: ["noise", "seed"], arity: 1...1),
        network("spiral", usage: "spiral(n, classes = 2, noise = 0.1, seed = 1)", "interleaved spiral arms, labels 0, 1, …",
                example: "data = spiral(90, classes = 3)", options: ["classes", "noise", "seed"], arity: 1...1),
        network("dataset", usage: "dataset(X, Y) or dataset(d1, d2, …)", "a data set from a matrix of inputs (one example per row) and one of targets; or the examples of data sets d1, d2, … one after the other (name one twice to repeat its examples).",
                example: "d = dataset([[0], [1], [2]], [[1], [3], [5]]); dataset(d, d)", arity: 1...100),
        network("load", usage: "load(\"file.csv\")", "a CSV file of numbers with a header line, as a matrix (one row per line).",
                example: "M = load(\"data.csv\"); d = dataset(M[:, 1:2], M[:, 3:3])", arity: 1...1),
    ]
}
