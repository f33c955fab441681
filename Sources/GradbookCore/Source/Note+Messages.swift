// Every note a statement can add to its result, as data, and the one place each is worded.
//
// The evaluator says which note applies and with what (a name, a typed expression, a number already in the
// session's format); `text` says it. Behaviour that depends on a note asks for its case, never its words.
// Conventions as for errors (Diagnostic+Messages.swift): one sentence, quoting what was typed.

/// A remark about a result: a convention used, where a NaN came from, how far an estimate can be trusted.
public enum Note: Sendable, Equatable {
    /// `'f' does not depend on 'x', so its derivative is 0.`
    case doesNotDepend(expression: String, on: String)
    /// A name that occurs nowhere in the expression: most likely a typo.
    case doesNotOccur(name: String, in: String)
    /// An unbound name one slip away from a bound one.
    case likelyTypo(name: String, suggestion: String)
    /// More such names than a statement shows one by one: how many, and the first two as "'h14' for 'w14'".
    case moreLikelyTypos(count: Int, examples: String)
    /// A kink backprop went through, and the convention used there.
    case kink(Kink, at: String)
    /// At a point where the kinks' conventions were used but the function has one slope on both sides: the
    /// gradient shown is not its derivative (relu(x) - relu(-x) at x = 0 gives 0; the slope is 1).
    case slopeOnBothSidesOfKink(name: String, point: String, gradient: String, slope: String)
    /// Backprop met 0·∞: `through` names the node with its input values and cell.
    case zeroTimesInfinity(through: String, localDerivative: String)
    /// A gradient made nan because part of it was lost to an overflow or underflow on the way back and the
    /// local derivatives further back could make that part as large as `upTo` (nil: any size).
    case lostGradient(through: String, overflowed: Bool, upTo: String?)
    /// A value shown as nan because part of it was lost to an overflow or underflow on the way (`LostValues`)
    /// and the steps after could make that part as large as `upTo` (nil: any size).
    /// `subject`: what is nan when it is more than "the value": "the gradient for v0", for a grad shown.
    case lostValue(subject: String?, through: String, overflowed: Bool, upTo: String?)
    /// `check`'s symbolic number, infinite only because a step of its formula overflowed or divided by a 0 that rounded
    /// (`step`, with its inputs' values): no slope, so it is left out.
    case symbolicOverflowed(value: String, formula: String, step: String, cause: String)
    /// A formula's value (diff's) that is infinite only because a step on the way overflowed or met a 0 that rounded.
    case infinityFromOverflow(value: String, step: String, cause: String)
    /// A gradient that became infinite and was stopped by an exact 0 further back.
    case stoppedByExactZero(through: String, gradient: String)
    /// Where a gradient first stopped being finite, with the local derivative there if it is known.
    case gradientFirstBecame(String, through: String, localDerivative: String?)
    /// A stable form (log(1 - sigmoid(z))) differentiated through its shared steps.
    case sharedStableForm(String, shared: String)
    /// A forward value computed in one stable step because its steps broke.
    case stableStep(typed: String, steps: String, broke: String)
    /// A NaN or infinity first produced by one scalar operation: `value` is nan, inf or -inf.
    case firstProducedBy(value: String, operation: String, inputs: String)
    /// The same where an input was a 0 only because it rounded (`zero`): the true value may be finite.
    case firstProducedByRoundedZero(value: String, operation: String, inputs: String, zero: String)
    /// A value that is not finite and was stored under a name.
    case comesFromName(value: String, name: String, since: String)
    /// A NaN or infinity that first appeared in a vector or matrix operation.
    case tensorNotFinite(typed: String, operation: String)
    /// The numeric estimate measured on the scale the exact slope sets, and what Ridders' larger steps gave
    /// (in check's report it is "the numeric estimate", under numdiff's result "this estimate").
    case numericFromLocalSlope(step: String, ridders: String, inCheck: Bool)
    case numericUnreliable(reason: NumericUnreliability)
    /// An element (`w[2]`, and how many more) of a numeric gradient that could not be estimated reliably.
    case numericUnreliableAt(element: String, reason: NumericUnreliability)
    case numericErrorBound(String)
    /// numdiff exactly at a kink on the way where the function has one slope on both sides (relu(x) - relu(-x) at 0):
    /// that slope, measured from each side, is the estimate.
    case numericThroughKink(point: String, slope: String)
    /// numdiff exactly at a kink with no derivative: the slopes from the left and from the right.
    case numericNoDerivativeAtKink(point: String, left: String, right: String)
    /// numdiff's estimate is 0 because the formula's value did not change over any step tried: the slope is below `bound`.
    case numericZero(bound: String?)
    /// numdiff of a vector or matrix: the elements (`W[2]`, and how many more) whose estimate is 0 because the
    /// formula's value did not change over any step tried, each slope below `bound`.
    case numericZeroAt(elements: String, bound: String?)
    /// check's numeric estimate, unreliable, so not the reference its verdict is judged against.
    case numericNotReference(reason: NumericUnreliability)
    /// A `repeat` that dropped the oldest history of the names it binds to keep memory bounded.
    case repeatDroppedHistory(names: String, upTo: Int, keptMegabytes: Int)
    /// A `repeat` stopped by Ctrl-C, which keeps what its finished repetitions computed.
    case repeatInterrupted(completed: Int, of: Int)
    /// A training loss that diverged, with a smaller learning rate to paste.
    case lossGrew(from: String, to: String, network: String, smallerRate: String)
    /// What the number `step(net, lr)` returns is.
    case stepSize(network: String)
    /// simplify kept exp(log(u)): it is u only for u > 0.
    case simplifyKeptExpOfLog
    /// simplify kept (u^a)^b for a fractional b: it is u^(a*b) only for u >= 0.
    case simplifyKeptPowerOfPower
    /// A formula wrote an earlier value of `name` as a number, as `name` has been rebound since.
    case earlierValueAsNumber(name: String, value: String)
    /// A derivative's value is 0 only because a step of its formula rounded (`RoundedZero`): the step, and a bound on
    /// the size of the number the 0 stands for.
    /// `isDerivative`: the formula is a derivative (diff), else a formula simplified or expanded.
    case roundedZero(step: String?, bound: String?, isDerivative: Bool = true)
    /// A value shown as 0 that stands for a number too small for a double (exp(-800)); `position`: where in a vector or
    /// matrix of numbers ("row 1, column 1"), nil for a number.
    case valueRoundedZero(position: String?, step: String, bound: String)
    /// grad gave 0 for `target`, but that 0 is rounding: its formula's step that rounded and a bound, or the formula's
    /// own nonzero value (`value`).
    case gradientRoundedZero(target: String, step: String?, bound: String?, value: String?)

    /// Which convention a kink used.
    public enum Kink: Sendable, Equatable {
        /// relu's or abs's kink: the derivative is 0.
        case zero
        /// max(a, b) or min(a, b) with a = b: the whole gradient to the first.
        case tieOfTwo
        /// max(v) with several largest elements: the whole gradient to the first of them.
        case tiedMaximum
    }

    /// "rounding in 1/x^2 at this point, not from the maths: the derivative may be any number up to 4.9e-324 in size".
    private static func roundingCause(step: String?, bound: String?, of subject: String = "the derivative") -> String {
        let source = step.map { "rounding in \($0)" } ?? "rounding"
        let size = bound.map { "\(subject) may be any number up to \($0) in size" } ?? "how large \(subject) may be is not known"
        return "\(source) at this point, not from the maths: \(size)"
    }

    public var text: String {
        switch self {
        case .simplifyKeptExpOfLog:
            return "exp(log(u)) is left as it is: it equals u only where u > 0 (for u <= 0, log(u) has no real value)."
        case .roundedZero(let step, let bound, let isDerivative):
            return "this 0 comes from \(Note.roundingCause(step: step, bound: bound, of: isDerivative ? "the derivative" : "the value"))."
        case .valueRoundedZero(let position, let step, let bound):
            let zero = position.map { "the 0 at \($0)" } ?? "this 0"
            return "\(zero) comes from rounding in \(step), whose result was too small for a double: the true value may be any number up to \(bound) in size."
        case .gradientRoundedZero(let target, let step, let bound, let value):
            if let value { return "the gradient 0 for \(target) comes from rounding, not from the maths: the derivative's formula gives \(value) here." }
            return "the gradient 0 for \(target) comes from \(Note.roundingCause(step: step, bound: bound))."
        case .earlierValueAsNumber(let name, let value):
            return "the formula writes the earlier \(name) as its value, \(value): \(name) has been rebound since, and the name would now mean its new value."
        case .simplifyKeptPowerOfPower:
            return "(u^a)^b is left as it is for a fractional b: it equals u^(a*b) only where u >= 0 ((x^2)^0.5 is abs(x), not x)."
        case .doesNotDepend(let expression, let name):
            return "'\(expression)' does not depend on '\(name)', so its derivative is 0."
        case .doesNotOccur(let name, let expression):
            return "'\(name)' does not occur in '\(expression)', so its derivative is 0 (a typo?)."
        case .likelyTypo(let name, let suggestion):
            return "'\(name)' has no value, so it is a free symbol here; did you mean '\(suggestion)'?"
        case .moreLikelyTypos(let count, let examples):
            if count == 1 { return "one more name has no value, so it is a free symbol here, one slip from a bound name; did you mean \(examples)?" }
            return "\(Diagnostic.grouped(count)) more names have no value, so they are free symbols here, each one slip from a bound name; did you mean \(examples)?"
        case .kink(.tieOfTwo, let node):
            return "\(node) was taken where its two arguments are equal, where gradbook uses the convention that the whole gradient goes to the first."
        case .kink(.tiedMaximum, let node):
            return "\(node) was taken where several elements share the largest value, where gradbook uses the convention that the whole gradient goes to the first of them."
        case .kink(.zero, let node):
            return "\(node) was taken at its kink, where gradbook uses the convention that the derivative is 0."
        case .slopeOnBothSidesOfKink(let name, let point, let gradient, let slope):
            return "the function itself has the slope \(slope) on both sides of \(point): the gradient \(gradient) for \(name) comes from the conventions at the kinks, and is not its derivative here."
        case .zeroTimesInfinity(let through, let local):
            return "the gradient is nan: going back through \(through), "
                + "a gradient that is 0 only because an earlier step overflowed meets the local derivative \(local), and 0·∞ has no value."
        case .lostGradient(let through, let overflowed, let upTo):
            // (Too small: rounded to 0, or to a subnormal that kept few of its digits.)
            let loss = overflowed ? "became 0 only because an input there overflowed to inf" : "was lost because it was too small for a double there"
            let size = upTo.map { "as large as \($0)" } ?? "of any size"
            return "the gradient is nan: going back through \(through), part of it \(loss), "
                + "and with the local derivatives further back that part could be \(size), so gradbook cannot give the gradient as a number."
        case .lostValue(let subject, let through, let overflowed, let upTo):
            let cause = overflowed ? "an input there overflowed to inf" : "its result was too small for a double"
            let size = upTo.map { "as large as \($0)" } ?? "of any size"
            let plain = subject == nil ? "the value" : "it"
            return "\(subject ?? "the value") is nan: at \(through), part of it was lost because \(cause), "
                + "and with the steps after it that part could be \(size), as large as \(plain) or larger, so gradbook cannot give \(plain) as a number."
        case .symbolicOverflowed(let value, let formula, let step, let cause):
            return "symbolic is nan here: its formula \(formula) gives \(value) only because \(step) \(cause) on the way, so its number is not the slope (which may be finite) and is left out."
        case .infinityFromOverflow(let value, let step, let cause):
            return "\(value) is not this formula's value here: \(step) \(cause) on the way, so its true value (perhaps a finite number) is not known."
        case .stoppedByExactZero(let through, let gradient):
            return "going back through \(through) the gradient became \(gradient), "
                + "and an exact 0 further back stopped it (gradbook takes 0·∞ as 0 there): the derivative may not exist at this point, as for abs at 0."
        case .gradientFirstBecame(let gradient, let through, nil):
            return "the gradient first became \(gradient) going back through \(through)."
        case .gradientFirstBecame(let gradient, let through, let local?):
            return "the gradient first became \(gradient) going back through \(through), whose local derivative there is \(local)."
        case .sharedStableForm(let form, let shared):
            return "backprop went through \(form) step by step, since \(shared) is also used elsewhere, "
                + "and its steps lose most of their digits here, so backprop is only as accurate as they are; "
                + "for one stable step, write the form out where it is used (log(1 - sigmoid(z)) rather than "
                + "s = sigmoid(z); log(1 - s)); see :help log."
        case .stableStep(let typed, let steps, let broke):
            return "\(typed) was computed in one stable step, since \(steps) \(broke) here; see :help log."
        case .firstProducedBy(let value, let operation, let inputs):
            return "\(value) first produced by \(operation)\(inputs)."
        case .firstProducedByRoundedZero(let value, let operation, let inputs, let zero):
            return "\(value) first produced by \(operation)\(inputs), where \(zero) is 0 only because its true value was too small for a double: the true result may be a finite number."
        case .comesFromName(let value, let name, let since):
            return "\(value) comes from '\(name)', which holds \(value)\(since)."
        case .tensorNotFinite(let typed, let operation):
            return "nan or inf first appeared in '\(typed)' (\(operation) of finite values)."
        case .numericFromLocalSlope(let step, let ridders, let inCheck):
            return "\(inCheck ? "the numeric estimate" : "this estimate") is taken over steps of \(step), on which the formula follows its slope; "
                + "Ridders' larger steps gave \(ridders), averaging over a change faster than they are."
        case .numericUnreliable(let reason):
            return "the numeric estimate is unreliable here: \(reason.text)."
        case .numericThroughKink(let point, let slope):
            return "\(point) is exactly at a kink on the way, but the function has the slope \(slope) on both sides of it: this is that slope, from differences on each side."
        case .numericNoDerivativeAtKink(let point, let left, let right):
            return "\(point) is exactly at a kink with no derivative: the slope is \(left) from the left and \(right) from the right, so there is no one number to give."
        case .numericUnreliableAt(let element, let reason):
            return "the numeric estimate is unreliable at \(element): \(reason.text)."
        case .numericZero(let bound):
            let size = bound.map { "smaller than about \($0)" } ?? "too small for these steps to see"
            return "the formula's value did not change over any step tried, so this 0 says only that the slope is \(size), not that it is exactly 0."
        case .numericZeroAt(let elements, let bound):
            let size = bound.map { "smaller than about \($0)" } ?? "too small for these steps to see"
            return "the numeric estimate at \(elements) is 0 because the formula's value did not change over any step tried: "
                + "it says only that the slope there is \(size), not that it is exactly 0."
        case .numericErrorBound(let bound):
            return "the numeric estimate is good only to about ±\(bound) here (its error bound: the spread of Ridders' extrapolations and the rounding inside the formula)."
        case .numericNotReference(let reason):
            return "the numeric estimate is unreliable here: \(reason.text); it is not used as the reference."
        case .repeatDroppedHistory(let names, let last, let megabytes):
            return "to keep memory bounded, this repeat dropped the history of \(names) up to repetition \(Diagnostic.grouped(last)) (it keeps about its last \(megabytes) MB); a derivative that would need it says so."
        case .repeatInterrupted(let completed, let times):
            return "repeat was interrupted after \(Diagnostic.grouped(completed)) of \(Diagnostic.grouped(times)) repetitions; what they computed is kept."
        case .lossGrew(let first, let last, let network, let smaller):
            return "the loss grew from \(first) to \(last): is the learning rate too large? "
                + "Its weights have run away, so build \(network) again and train with a smaller one, such as lr = \(smaller)."
        case .stepSize(let network):
            return "step's result is the size of the update: \(network)'s weights and biases, as one vector, moved by |lr| times the length of their gradient."
        }
    }
}
