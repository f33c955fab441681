// Softplus, log-sigmoid, log-sum-exp and 1 - sigmoid(u) computed without overflow or lost digits: the kernels behind the
// standard forms a person writes as log(1 + exp(u)), log(sigmoid(u)), log(1 - sigmoid(u)), log(sum(exp(v))) and 1 - sigmoid(u).

import Foundation

/// Numerically stable versions of three formulas that overflow when computed step by step.
///
/// exp(1000) is infinite in double precision, so log(1 + exp(1000)) computed in that order is inf,
/// though the answer is 1000. Each kernel factors out the part that would overflow first (the same
/// trick as softmax's subtracting the largest element), and keeps full relative precision in both
/// tails: softplus(-40) is 4.25e-18, not the 0 that log(1 + 4.25e-18) rounds to.
public enum StableKernels {
    /// The four forms, as recognised in graphs (`StableForm`) and formulas (`FormulaStore.stableLogarithm`).
    enum Form {
        /// log(1 + exp(u)) or log(exp(u) + 1); derivative sigmoid(u).
        case softplus
        /// log(sigmoid(u)); derivative sigmoid(-u).
        case logSigmoid
        /// log(1 - sigmoid(u)) = log(sigmoid(-u)), the other half of binary cross-entropy written by hand;
        /// derivative -sigmoid(u). Step by step, 1 - sigmoid(30) keeps only 3 of its 16 digits (sigmoid(30)
        /// is 1 - 9.4e-14), and 1 - sigmoid(40) is 0.
        case logOneMinusSigmoid
        /// log(sum(exp(v))) over every element of v; derivative exp(v - result), that is softmax(v).
        case logSumExp

        /// The form's value at `elements`: elementwise for softplus and log-sigmoid, one number for
        /// log-sum-exp.
        func value(_ elements: [Double]) -> [Double] {
            switch self {
            case .softplus: return elements.map(StableKernels.softplus)
            case .logSigmoid: return elements.map(StableKernels.logSigmoid)
            case .logOneMinusSigmoid: return elements.map { StableKernels.logSigmoid(-$0) }
            case .logSumExp: return [StableKernels.logSumExp(elements)]
            }
        }
    }

    /// softplus(u) = log(1 + exp(u)) = max(u, 0) + log1p(exp(-|u|)).
    public static func softplus(_ u: Double) -> Double {
        if u.isNaN { return u }
        if u > 0 { return u + Foundation.log1p(Foundation.exp(-u)) }
        return Foundation.log1p(Foundation.exp(u))
    }

    /// log(sigmoid(u)) = -softplus(-u): -800 at u = -800, where sigmoid(u) itself rounds to 0.
    public static func logSigmoid(_ u: Double) -> Double {
        -softplus(-u)
    }

    /// 1 - sigmoid(u) = sigmoid(-u): 4.2e-18 at u = 40, where subtracting sigmoid(u) (1 - 4.2e-18, which rounds
    /// to 1) from 1 gives 0. Every place that computes 1 - sigmoid(u) uses this (Graph/Node+StableForms.swift).
    static func oneMinusSigmoid(_ u: Double) -> Double {
        MathFunction.logistic(-u)
    }

    /// 1 - tanh(u)^2, tanh's slope, given t = tanh(u): sech²(u) = 4e/(1 + e)² with e = exp(-2|u|) once t² passes
    /// 0.81, where subtracting from 1 starts losing digits; from |u| ≈ 19 on, tanh(u) rounds to ±1 and 1 - t² is 0,
    /// though tanh'(30) is 3.5e-26. Below that the subtraction keeps its digits, and the number is 1 - t·t exactly
    /// as before. Every place that computes 1 - tanh(u)^2 uses this (Graph/Node+StableForms.swift).
    static func tanhSlope(_ u: Double, tanh t: Double) -> Double {
        let square = t * t
        if square <= 0.81 { return 1 - square }
        let e = Foundation.exp(-2 * Swift.abs(u))
        return 4 * e / ((1 + e) * (1 + e))
    }

    /// log(Σ exp(vᵢ)) = m + log(Σ exp(vᵢ - m)) with m the largest element, so no term overflows and
    /// the largest one is exactly 1.
    public static func logSumExp(_ v: [Double]) -> Double {
        if v.contains(where: \.isNaN) { return .nan }
        guard let largest = v.max() else { return -.infinity }
        // All -inf (an empty sum) or some +inf: the largest element is the answer, and v - m would be NaN.
        if largest.isInfinite { return largest }
        return largest + Foundation.log(v.reduce(0) { $0 + Foundation.exp($1 - largest) })
    }
}
