// Number answers as a learner types them: rounded answers the digits justify are right, too few digits is
// said as such, a flipped sign is named, and a wrong choice is not "too small".

import GradbookCore
import Testing

@Suite("Number answers")
struct NumberAnswerTests {
    func checker(_ answer: String, tolerance: Double = 1e-9, question: String = "What is it?") -> ExerciseChecker {
        ExerciseChecker(exercise: Exercise(question: question, answer: answer, kind: .number(tolerance: tolerance),
                                           wrong: "0", hints: [], explanation: "", line: 1))
    }

    @Test("a correctly rounded answer with three or more significant digits is right: 0.693 for -log(0.5)")
    func roundedAnswers() {
        let loss = checker("-log(0.5)", tolerance: 1e-9)
        #expect(loss.check("0.693").isCorrect)
        #expect(loss.check("0.6931").isCorrect)
        #expect(checker("tanh(2)").check("0.964").isCorrect)
        // Rounded the wrong way is wrong: 0.692 is not -log(0.5) to three decimals.
        #expect(!loss.check("0.692").isCorrect)
        #expect(!loss.check("0.694").isCorrect)
    }

    @Test("too few digits is said as such, not 'too small'")
    func tooFewDigits() throws {
        let verdict = checker("-log(0.5)").check("0.69")
        #expect(!verdict.isCorrect)
        let difference = try #require(verdict.difference)
        #expect(difference.hasPrefix("too few digits"))
        #expect(!difference.contains("too small"))
        // An exact reference is not excused by rounding: 1 for 0.9 is too large, not "too few digits".
        #expect(checker("0.9").check("1").difference == "your answer is 1, which is too large.")
    }

    @Test("a number of the opposite sign gets a sign hint, saying whether the size is right")
    func flippedSign() {
        #expect(checker("-8").check("8").difference == "your answer is 8: check the sign; the size is right.")
        #expect(checker("-8").check("4").difference == "your answer is 4: check the sign, and the size differs too.")
        #expect(checker("-log(0.5)").check("-0.693").difference?.contains("the size is right") == true)
        #expect(checker("-8").check("-4").difference == "your answer is -4, which is too large.")
    }

    @Test("a multiple-choice exercise never says a choice is too small")
    func choices() {
        let choice = checker("2", tolerance: 0, question: "Which is it? Type 1 for truncation, 2 for rounding.")
        #expect(choice.exercise.isChoice)
        #expect(choice.check("1").difference == "1 is not the right choice.")
        #expect(choice.check("2").isCorrect)
        #expect(!checker("2").exercise.isChoice)
    }

    @Test("every multiple-choice exercise in the lessons is recognised as one")
    func lessonChoices() throws {
        for name in LessonFiles.names {
            let lesson = try LessonFiles.lesson(name)
            for exercise in lesson.exercises where exercise.question.contains("Type 1") {
                #expect(exercise.isChoice, "\(lesson.slug).md:\(exercise.line)")
            }
        }
    }
}
