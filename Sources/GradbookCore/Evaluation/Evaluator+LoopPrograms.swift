// A loop body's plain arithmetic, read once.
//
// `repeat 20000 { v = v*x + 0.1 }` evaluates the same syntax tree at every repetition: four calls to `evaluate`,
// two names looked up by text, a value wrapped and unwrapped at each step. Read once into the operations it
// performs, an assignment of numbers through + - * / ^ and negation costs the two nodes it makes and little else.
// It makes the same nodes, in the same order, with the same notes: where anything is not plain (a name bound to
// a vector or to nothing, a call, an index), the statement is evaluated as usual.

extension Evaluator {
    /// An assignment whose right side is plain arithmetic of names and numbers, as the operations that evaluate it,
    /// in the order the evaluator would perform them (operands first, left before right).
    /// (A class: the evaluator hands the same program to every repetition, and a struct's arrays were retained
    /// one by one each time.)
    final class LoopAssignment {
        /// One operation, in plain data: copying a step out of the program retains nothing.
        struct Step {
            enum Kind: UInt8 {
                /// The number bound to the name in `slots[operand]`.
                case name
                /// The number `numbers[operand]` typed in the body (`loopConstant`).
                case number
                /// The two values on top, combined by `operation` (`arithmetic`).
                case binary
                /// The value on top, negated (`applyElementwise(.negate, …)`).
                case negate
            }
            let kind: Kind
            let operand: Int32
            /// For `binary`: + - * / or ^.
            let operation: BinaryOperator
            /// The operation's range, for its notes.
            let range: SourceRange
        }

        let name: String
        /// The slot `name` is bound in.
        let ownSlot: Bindings.Slot
        /// The number `name` labels nodes with (`LabelNames`), 0 when the table is full.
        let labelNumber: UInt16
        let steps: [Step]
        /// The slots the steps read, each once: all must hold a number before anything is made.
        let slots: [Bindings.Slot]
        let numbers: [Double]
        /// The node of each number, made at its first use (`loopConstant`, in the order evaluating makes them).
        var constants: [Node?]
        /// Where the evaluator would look for Ctrl-C first: the right side's range.
        let range: SourceRange
        /// The most values waiting at once while the steps run.
        let depth: Int

        init(name: String, ownSlot: Bindings.Slot, steps: [Step], slots: [Bindings.Slot], numbers: [Double], range: SourceRange, depth: Int) {
            (self.name, self.ownSlot, self.steps, self.slots, self.numbers, self.range, self.depth) = (name, ownSlot, steps, slots, numbers, range, depth)
            labelNumber = LabelNames.number(for: name) ?? 0
            constants = Array(repeating: nil, count: numbers.count)
        }
    }

    /// The longest a body's expression may be to be read once: a statement this long is rare in a loop, and the
    /// evaluator's own depth limit then stays the one that applies.
    static let maximumLoopProgramSteps = 64

    /// What `bindInLoop` bound: the name, and the entry it replaced (nil: the name was unbound).
    struct LoopBinding {
        let name: String
        let replaced: Bindings.Entry?
    }

    /// Runs `statement` of a loop body and binds its result into the bindings the loop owns at once, when it is an
    /// assignment of plain arithmetic whose names all hold numbers now: what `execute` and `commitInPlace` do for
    /// it, without the list of changes in between (making, reading and emptying it was a tenth of a repetition of
    /// `v = v*x + 0.1`). nil, having done nothing, for any other statement, which `execute` then runs.
    func bindInLoop(_ statement: Statement) throws(Diagnostic) -> LoopBinding? {
        guard let program = plainAssignment(statement), let result = try run(program) else { return nil }
        let entry = try entry(binding: program.name, to: .scalar(result), labelNumber: program.labelNumber)
        return LoopBinding(name: program.name, replaced: bindOwned(program.name, in: program.ownSlot, to: entry))
    }

    /// The program of a plain assignment, read once (nil: not plain arithmetic), for a loop that runs one statement
    /// again and again (`Notebook.repeatPlainAssignment`) and so need not find it at every repetition.
    func plainAssignment(_ statement: Statement) -> LoopAssignment? {
        guard isInLoop, readsLoopBodiesOnce else { return nil }
        return loopProgram(for: statement)
    }

    /// `bindInLoop` for a program already found, without handing back what the binding replaced (a one-statement
    /// block has nothing to undo, and copying the name and the old entry out was a twelfth of its repetition): false,
    /// having done nothing, where a name the program reads does not hold a number now.
    func bindInLoop(_ program: LoopAssignment) throws(Diagnostic) -> Bool {
        guard let result = try run(program) else { return false }
        let entry = try entry(binding: program.name, to: .scalar(result), labelNumber: program.labelNumber)
        bindOwned(program.name, in: program.ownSlot, to: entry)
        return true
    }

    /// The program of `statement`, read the first time the loop meets it (nil: not plain arithmetic).
    private func loopProgram(for statement: Statement) -> LoopAssignment? {
        let start = statement.range.lowerBound
        var index = 0
        while index < loopPrograms.count {
            if loopPrograms[index].start == start { return loopPrograms[index].program }
            index += 1
        }
        let program = compileLoopAssignment(statement)
        loopPrograms.append((start, program))
        return program
    }

    private func compileLoopAssignment(_ statement: Statement) -> LoopAssignment? {
        guard case .assignment(let name, _, let expression) = statement.kind else { return nil }
        // `y = 1` has its own quicker path in `execute`.
        if case .number = expression.kind { return nil }
        var program = ProgramBuilder()
        guard append(expression, to: &program), program.steps.count <= Evaluator.maximumLoopProgramSteps else { return nil }
        return LoopAssignment(name: name, ownSlot: ownedSlot(of: name), steps: program.steps, slots: program.slots,
                              numbers: program.numbers, range: expression.range, depth: program.deepest)
    }

    /// A program being read from an expression.
    private struct ProgramBuilder {
        var steps: [LoopAssignment.Step] = []
        var slots: [Bindings.Slot] = []
        var numbers: [Double] = []
        /// Values waiting now, and the most at once.
        var waiting = 0, deepest = 0

        mutating func append(_ kind: LoopAssignment.Step.Kind, _ operand: Int = 0, _ range: SourceRange, operation: BinaryOperator = .add) {
            steps.append(LoopAssignment.Step(kind: kind, operand: Int32(operand), operation: operation, range: range))
            switch kind {
            case .name, .number: waiting += 1
            case .negate: break
            case .binary: waiting -= 1
            }
            deepest = Swift.max(deepest, waiting)
        }
    }

    /// Appends the operations that evaluate `expression`; false if it is not plain arithmetic.
    private func append(_ expression: Expression, to program: inout ProgramBuilder) -> Bool {
        guard program.steps.count <= Evaluator.maximumLoopProgramSteps else { return false }
        switch expression.kind {
        case .number(let value):
            program.numbers.append(value)
            program.append(.number, program.numbers.count - 1, expression.range)
        case .name(let name):
            let slot = ownedSlot(of: name)
            if !program.slots.contains(slot) { program.slots.append(slot) }
            program.append(.name, program.slots.firstIndex(of: slot) ?? 0, expression.range)
        case .unary(.plus, let operand):
            return append(operand, to: &program)
        case .unary(.negate, let operand):
            guard append(operand, to: &program) else { return false }
            program.append(.negate, 0, expression.range)
        case .binary(let operation, let left, let right):
            // (`@` and `==` are not plain arithmetic.)
            guard Evaluator.elementwiseOperation(for: operation) != nil, append(left, to: &program), append(right, to: &program) else { return false }
            program.append(.binary, 0, expression.range, operation: operation)
        case .chain(let first, let links):
            guard append(first, to: &program) else { return false }
            for link in links {
                guard Evaluator.elementwiseOperation(for: link.operation) != nil, append(link.operand, to: &program) else { return false }
                program.append(.binary, 0, first.range.joined(with: link.operand.range), operation: link.operation)
            }
        default:
            return false
        }
        return true
    }

    /// Runs `program` and returns its result; nil, having done nothing, if a name it reads does not hold a
    /// number (or formula) now, which the evaluator then explains or handles.
    private func run(_ program: LoopAssignment) throws(Diagnostic) -> Node? {
        // Nothing is made unless every name holds a number: the evaluator reads them in the same state.
        for slot in program.slots {
            guard let node = bindings.scalarNode(in: slot), !node.isTensor else { return nil }
        }
        try checkInterruption(at: program.range)
        // The waiting values on the call stack, each held by one reference taken when it is pushed and handed on
        // when it is popped (an array here cost more than the arithmetic).
        let result = withUnsafeTemporaryAllocation(of: Unmanaged<Node>.self, capacity: program.depth) { waiting -> Node in
            var top = -1
            for step in program.steps {
                switch step.kind {
                case .name:
                    top += 1
                    waiting[top] = .passRetained(bindings.scalarNode(in: program.slots[Int(step.operand)]).unsafelyUnwrapped)
                case .number:
                    top += 1
                    let index = Int(step.operand)
                    if let constant = program.constants[index] {
                        waiting[top] = .passRetained(constant)
                    } else {
                        let constant = loopConstant(program.numbers[index])
                        program.constants[index] = constant
                        waiting[top] = .passRetained(constant)
                    }
                case .negate:
                    let operand = waiting[top].takeRetainedValue()
                    waiting[top] = .passRetained(makeNode(.negate, [operand], at: step.range))
                case .binary:
                    let right = waiting[top].takeRetainedValue()
                    top -= 1
                    let left = waiting[top].takeRetainedValue()
                    let operation = Evaluator.elementwiseOperation(for: step.operation).unsafelyUnwrapped
                    waiting[top] = .passRetained(makeNode(operation, left, right, at: step.range))
                }
            }
            return waiting[0].takeRetainedValue()
        }
        return result
    }
}
