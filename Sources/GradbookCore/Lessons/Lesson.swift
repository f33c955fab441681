// A lesson as data: its number, title and length, and its blocks of prose, cells and exercises.
//
// The Markdown format is documented in lessons/README.md; LessonReader turns a file into this model.

/// One lesson of the course: `lessons/NN-slug.md`.
public struct Lesson: Sendable, Equatable {
    /// The `NN` of the file name.
    public var number: Int
    /// The file name without `.md`: `03-measuring-the-mistake`.
    public var slug: String
    /// The first `# ` heading's text.
    public var title: String
    /// The length the lesson states (`*About 10 minutes.*`), or nil.
    public var minutes: Int?
    public var blocks: [Block]

    public init(number: Int, slug: String, title: String, minutes: Int?, blocks: [Block]) {
        self.number = number
        self.slug = slug
        self.title = title
        self.minutes = minutes
        self.blocks = blocks
    }

    /// Every cell, in order.
    public var cells: [LessonCell] { blocks.compactMap { if case .cell(let cell) = $0 { cell } else { nil } } }
    /// Every exercise, in order.
    public var exercises: [Exercise] { blocks.compactMap { if case .exercise(let exercise) = $0 { exercise } else { nil } } }

    /// The steps a learner walks through: each is the prose leading up to a cell or an exercise, and that
    /// cell or exercise; prose after the last one is a step of its own.
    public var steps: [Step] {
        var steps: [Step] = []
        var prose: [String] = []
        for block in blocks {
            switch block {
            case .prose(let text): prose.append(text)
            case .cell, .exercise:
                steps.append(Step(prose: prose, action: block))
                prose = []
            }
        }
        if !prose.isEmpty { steps.append(Step(prose: prose, action: nil)) }
        return steps
    }
}

/// A part of a lesson, in file order.
public enum Block: Sendable, Equatable {
    /// Markdown text between fenced blocks (headings, paragraphs, lists).
    case prose(String)
    /// A ```gradbook block.
    case cell(LessonCell)
    /// An ```exercise block.
    case exercise(Exercise)
}

/// What a learner sees between two pauses: some prose, then (usually) a cell to run or an exercise.
public struct Step: Sendable, Equatable {
    public var prose: [String]
    /// A `.cell` or an `.exercise`; nil for closing prose.
    public var action: Block?
}

/// A ```gradbook block: the inputs of one or more notebook cells and, optionally, what they show.
///
/// Written in the transcript style: `In [n]: code` starts a cell, `   ...: more` continues it, and every
/// other line is expected output. A block with no `In [` prompt is one cell and shows no expectation.
public struct LessonCell: Sendable, Equatable {
    /// Each notebook cell's input, prompts removed.
    public var inputs: [String]
    /// The block's text exactly as written, when it shows prompts (so it can be compared with a replay).
    public var transcript: String?
    /// The line (1-based) of the block's opening fence, for messages.
    public var line: Int
    /// What each input shows, as the transcript writes it (`Out[2]: 10`, notes, …; empty when it shows
    /// nothing); empty when the block shows no prompts, so nothing is expected.
    public var shown: [String] = []
    /// Each input's `In [n]` number as the transcript writes it (nil when it is not a number).
    public var numbers: [Int?] = []

    public init(inputs: [String], transcript: String?, line: Int) {
        self.inputs = inputs
        self.transcript = transcript
        self.line = line
    }
}

/// An ```exercise block: a question, the reference answer and how an answer is checked.
public struct Exercise: Sendable, Equatable {
    /// How an answer is judged.
    public enum Kind: Sendable, Equatable {
        /// A formula, judged with `==` against `target` in a fresh session (every name is a free symbol).
        case formula(target: String)
        /// A number, evaluated in the lesson's session and accepted within `tolerance` of the reference.
        case number(tolerance: Double)
    }

    public var question: String
    /// The reference answer, as a learner would type it.
    public var answer: String
    public var kind: Kind
    /// A typical wrong answer; the tests check that it is rejected.
    public var wrong: String
    /// Up to three hints, given one per wrong answer.
    public var hints: [String]
    /// Typical mistakes, each with the hint that answers it: an answer that is one of them gets its hint instead
    /// of the next general one (a forgotten bias is told about the bias).
    public var mistakes: [Mistake] = []
    /// Why the answer is right; shown once the exercise is over.
    public var explanation: String
    /// The line (1-based) of the block's opening fence.
    public var line: Int

    public static let maximumHints = 3

    /// `mistake: u*p + v*q => You left out the bias c.`: a wrong answer and the hint that answers it.
    public struct Mistake: Sendable, Equatable {
        public var answer: String
        public var hint: String
    }

    /// A number exercise's tolerance (0 for a formula).
    public var tolerance: Double { if case .number(let tolerance) = kind { tolerance } else { 0 } }

    /// A multiple-choice exercise ("Type 1 for …, 2 for …"): a wrong choice is not "too small", just wrong.
    public var isChoice: Bool {
        guard case .number = kind else { return false }
        return question.replacingOccurrences(of: "\n", with: " ").contains("Type 1 for")
    }

    public init(question: String, answer: String, kind: Kind, wrong: String, hints: [String], explanation: String, line: Int) {
        self.question = question
        self.answer = answer
        self.kind = kind
        self.wrong = wrong
        self.hints = hints
        self.explanation = explanation
        self.line = line
    }
}
