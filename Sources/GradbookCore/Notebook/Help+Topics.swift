// Help paragraphs for the language, the calculus forms and the notebook's results, each with an example.

extension Help {
    static let topics: [String: String] = [
        "at": """
            EXPR at x = 2, y = 3 evaluates EXPR with those names bound just for this evaluation; nothing is rebound.
            'at' applies to the whole expression on its left, and stored values that were computed from x are re-read with the new x.
              example: diff(x^3, x) at x = 2        → 12
            """,
        "backward": """
            backward(EXPR) runs backpropagation over the graph that computed EXPR: starting from dEXPR/dEXPR = 1, each
            operation passes the gradient to its inputs times its local derivative, adding up where a value is used twice.
            It prints every leaf (and named intermediate) with its value and gradient. Running it twice gives the same numbers.
              example: x = -4; y = x^2 + x; backward(y)
            """,
        "check": """
            check(EXPR, x) computes dEXPR/dx three ways at the current point: the symbolic formula, backpropagation, and a
            numeric estimate (Ridders' central differences); check(EXPR, W) does backprop and numeric element by element.
            check(EXPR, x, yours) and check(EXPR, W, yours) check a gradient you worked out against both at once, and
            name the slip when one explains every element: a constant factor (half), a flipped sign, transposed, a
            constant or a term such as 0.2*W (an L2 penalty's gradient) missing. check(EXPR, [w, b]) checks several
            inputs, and check(L, net) every parameter of a network, one table each, then every verdict on one line,
            the worst first. The line symbolic: shows the formula as diff writes it (an earlier value of a name rebound
            since, the v a loop started from, as its number); one over 1,000 characters, after a long loop, is given by
            its length and the diff call that writes it out.
            Two values agree when |a - n| <= atol + rtol*|n| (torch.autograd.gradcheck's test), by default atol = 1e-5 and
            rtol = 1e-3: a right gradient is off by rounding (1e-10 relative), a wrong rule by a factor, a sign or a
            term, and atol keeps tiny derivatives (tanh'(15) = 3.7e-13), where rounding is most of the value, from
            looking wrong. Set them with check(L, W, rtol = 1e-6, atol = 0). Within tolerance the verdict uses CS231n's
            bands of relative error: at most 1e-7 exact, under 1e-4 fine, above that close (look for a kink or a bug);
            outside it, wrong, with the worst element (its index, both values, the absolute and relative difference).
            Three zeros are exact only when the formula's 0 is: the slope of sqrt(x^2 + 1) - x at x = 1e9 is -5e-19,
            but x/sqrt(x^2 + 1) rounds to 1 and the formula to 0; -1/x^2 at x = 1e200 is 1e-400, too small for a
            double. check then names the step that rounded and how large the derivative may be: fine when that is
            within atol, else cannot tell. For a vector or matrix, an element where backprop and numeric both give 0
            keeps the verdict from exact unless its own derivative's formula is exactly 0 (a relu that is off is).
            Where the formula's own rounding at the point is as large as a difference
            (a formula that cancels at a large scale), the verdict is cannot tell, not wrong; so it is where backprop
            differs and a value it reads lost most of its digits to rounding ((x + 1e20 - 1e20)*x at x = 2), for a
            vector or matrix too, element by element (sum((W + 1e20 - 1e20)*W)), where symbolic then judges yours,
            and where backprop and numeric agree on the rounded computation but symbolic does not
            (relu(x + 1e20 - 1e20)); where the emptied value comes from numbers alone, symbolic holds it too, and
            yours is cannot tell as far as that value's rounding could move the slope ((1e20 + 1 - 1e20)*x with
            yours 1), and so is all three agreeing on it where it moves the slope, even where it lost only a small part of
            itself (x*(1e20 + 1) - x*1e20: 1e20 + 1 is 1e20, and the slope is the difference); so it is, too, where backprop's own rounding (its sums of contributions that
            cancel, and the values its slopes read) may be as large as its difference from symbolic
            (x*1e20 - x*1e20 + x at x = 3); for a vector or matrix, symbolic's partials then judge yours where backprop
            is further from them than their own rounding and the tolerance allow (sum(W*1e20 - W*1e20 + W) with yours
            [1, 1] is exact). A typed number means the decimal typed, which a double holds only to its
            nearest (1e150 is 10^150 - 1.9e133): where a step magnifies that, all three agreeing is no evidence either
            (x*sin(1e150) is cannot tell: sin of the double 1e150 is 0.69, sin(10^150) is -0.95). A method that gives nan
            (a value lost to overflow or underflow, with a note) is left out rather than called wrong, and the numeric
            estimate does not referee a formula whose own value was lost that way.
            The numeric steps never reach across a pole, a domain edge or a kink the formula has (1/u, log, sqrt, tan,
            u^-n, relu, abs, ...): near one they shrink with the distance to it. When the estimate still cannot be
            trusted (at the edge itself, not finite, or its error bound above half the tolerance: the spread of Ridders'
            extrapolations, or the rounding inside the formula over the steps taken), check
            says 'the numeric estimate is unreliable here' and why, and does not use it: the verdict is then 'agree' or
            'wrong' from symbolic and backprop alone. A tensor's unreliable elements are not judged; with none left, the
            verdict is 'cannot tell'. Exactly at a kink, check measures the slopes on its two sides: where they differ
            there is no derivative, and yours is cannot tell between them (check(abs(x), x, 1) at x = 0) and wrong
            outside; where they agree, that slope is the derivative (relu(x) - relu(-x) at 0 has slope 1, not the
            convention's 0), and so at a domain edge with two slopes (sqrt(x^2) at 0 is |x|); so for each element
            of a vector or matrix at a kink (up to 1,024 of them), where yours
            equal to the convention is cannot tell too. Where a vector's backprop is nan (W*sqrt(W) at 0), yours is
            judged by a trustworthy numeric estimate there, or not at all. Where the function has no value at the
            point (it takes log(-2), sqrt(-3), 1/0 or 0/0 on the way, not an overflow), it has no derivative there:
            the verdict is cannot tell, whatever the methods give (x = 3; check(x^2 + 0*log(x - 5), x, 6)), even where a
            later step hides it (x = 0; check(exp(-1/x^2), x): exp(-inf) is 0). Where backprop alone is nan, yours is
            judged by a trustworthy numeric estimate, or not at all. Where
            both methods overflow to one infinity though no step has an infinite slope (1/x at x = 1e-300), neither
            number is the slope: without a reliable numeric estimate, cannot tell. So where a name is lost in a sum with a
            far larger number (x = 0.3; check(sin(x + 1e20), x): x + 1e20 is 1e20, and both give cos(1e20)).
              example: x = 0.5; check(sigmoid(3*x)^2, x);  x = 15; check(tanh(x), x)
              example: W = randn(3, 2); v = [1, -1]; y = [1, 0, 2]; check(sum((W @ v - y)^2), W, outer(W @ v - y, v))
              example: w = 0.5; b = -1; check(sigmoid(w*2 + b), [w, b])
            """,
        "constants": """
            pi (3.14159…) and e (2.71828…) are predefined, as are inf and nan (not a number, what 0/0 gives).
            A binding may shadow them: after e = 5, e is 5 until :reset; exp(1) is still Euler's number.
            gradbook also shows nan for a number it cannot give: one that lost part of itself on the way, to a step too
            large for a double (x/(x*x) at x = 1e200 came out 0, but is 1e-200) or too small (exp(-800)*1e300), where
            that part could change the digits shown; a note names the step. A 0 that is still 0 (exp(-800)) stays. An
            element of a vector of numbers is shown the same way ([x/(x*x), 1] at x = 1e200 is [nan, 1]).
              example: sin(pi/6); e^2 == exp(2)
              example: x = 1e200; x/(x*x) + x/(x*x)        → nan, with a note on x / (x^2)
            """,
        "diff": """
            diff(EXPR, x) is the symbolic derivative of EXPR with respect to the name x, simplified and printed as a
            formula in gradbook's own syntax (you can paste it back in). diff(EXPR, x, n) is the n-th derivative.
            When every name in the result has a value, its value is shown too. Parts used more than once are named
            once in a 'where' clause, which is exactly how backpropagation reuses them. x may be one element of a
            vector or matrix: diff(L, W[1, 2]) (its elements appear as W[1, 1], W[1, 2], … in the formula); for the
            whole matrix use grad(L, W). EXPR may be a vector or matrix: it is differentiated element by element, into
            the same shape (as SymPy's Matrix.diff). Numbers are folded together only where the result keeps them:
            1e-300*1e-300 (1e-600, too small for a double) or exp(-800) stays as written rather than becoming a 0 that
            the maths is not, and a note says when the value shown is 0 only by rounding.
              example: diff(x^2*sin(x), x)          → 2*x*sin(x) + x^2*cos(x)
              example: diff([x^2, sin(x)], x)       → [2*x, cos(x)]
            """,
        "expand": """
            expand(EXPR) multiplies products of sums out and raises sums to whole powers, then combines like terms:
            expand((x + 1)^2 - x^2) is 2*x + 1, expand((a + b)^3) is a^3 + 3*a^2*b + 3*a*b^2 + b^3. It also works inside
            function arguments (sin(x*(x + 1)) becomes sin(x^2 + x)). Its result can be far larger than EXPR ((a + b)^n has
            n + 1 terms, a product of k sums of m terms has up to m^k), so it stops with an error past 500 terms in one
            sum; its time is proportional to the terms it writes. What it does not do: factor (simplify takes common factors out),
            expand fractional powers ((x + 1)^0.5 stays), or the rewrites of simplify (sin(x)^2 + cos(x)^2 stays).
              example: expand((x + 1)^2 - x^2)          → 2*x + 1
            """,
        "equality": """
            A == B answers true, false (with a point where the sides differ) or "cannot tell" (with the reason); true and
            false are promises, so when the evidence is too thin gradbook says so instead.
            Numbers only (x = 2; x^2 == 4): numeric equality, to within 1e-12 relative (0.1 + 0.2 == 0.3 is true); a side
            that is nan has no value, so nan == nan is cannot tell, not false. Each side's rounding at the point is
            bounded too: where it could make the whole difference, or hide one above the tolerance, the answer is cannot
            tell (x = 1e9; sqrt(x^2 + 1) - x == 1/(sqrt(x^2 + 1) + x): the left side cancels to 0, the right is 5e-10);
            so is a side that is inf only because an earlier step overflowed (the same at x = 1e200, where x^2 does) or
            divided by a 0 that only rounded (sin(x)/x^2 at x = 1e-300 is 1e300), against a number or inf; a side truly
            beyond a double keeps its answer (x*x at 1e200; exp(x) + 1 == inf at x = 1000 is true).
            Two sides that simplify to the same formula are true however they round ((1e-300*x)*1e-300 == 1e-300*(1e-300*x)),
            unless numbers alone on a side rounded before they were folded into one ((1e20 + 1) - 1e20 == 0 is cannot tell).
            A typed number means the decimal typed, which a double holds only to its nearest: below the normal range it
            keeps few digits (1e-320 is 9.99989e-321), so 1e-320*1e300 == 1e-20 is cannot tell, not false; 1e150 is
            10^150 - 1.9e133, so sin(1e150) == -0.9507438768 (sin of 10^150) is cannot tell, not false.
            With free symbols: the same function of them? A - B is simplified first; if that does not settle it, both
            sides are computed at seeded points: small nice values, then random ones of every scale (within [-3, 3], and
            magnitudes from 1e-6 to 1e6, both signs), and both sides of every kink or domain edge found in the formulas
            (relu, abs, step, sign, max, log, sqrt), so diff(relu(x - 4), x) == 0 is false at x = 4.04. Two values count
            as equal when they differ by no more than their rounding errors, bounded step by step, so large and small
            magnitudes are judged alike. One point where they differ by more is enough for false; true needs agreement
            at many points; if both sides are defined at fewer than 10 of them, or at none, the answer is cannot tell.
            Sides equal only where both are defined are true with a point where one is not: exp(log(x)) == x says the
            left side takes log(-1) at x = -1 (an overflow or underflow is not counted as undefined).
            diff(f, w), diff(f, w, n) or grad(f, w) == your formula (or grad(f, [a, b]) == [yours, yours], element by
            element): this checks a derivative you worked out by hand. Both sides are
            compared as functions of every name involved, bound or free, starting from your values, so with x = 2,
            diff(w*x^2, w) == 2*x is false: at your values (x = 2) both are 4, but at x = 3 they differ. A plain number
            on the other side (diff(x^3, x) == 12) checks the derivative's value at your values. When the formula is
            wrong, the usual slips are tried: a constant term off (A = B + c everywhere), a missing chain-rule factor,
            the product rule as u'*v', the quotient rule's minus as a plus, the power rule's exponent not lowered, a
            flipped sign, a constant factor. A slip is named only when it explains the whole difference.
            A derivative's value at a kink is a convention: a point where the sides differ but agree just beside it is
            not held against yours (diff(max(x, 0), x) == step(x) is true, except at x = 0, saying so), and with x
            bound exactly at a kink a number is judged by the slopes on its two sides (x = 0; diff(abs(x), x) == 1
            is cannot tell: there is no derivative, and 1 is between -1 and 1). Where the function has no value at
            your x (x = 3; grad(x^2 + 0*log(x - 5), x) == 6 takes log(-2)), a number is cannot tell, as in check.
            A formula made while x was free (d = diff(x^2, x); x = 2) is stale once x is bound; d == 2*x then cannot
            tell, and says what d is with x put in; :recompute remakes d with the value.
            Counterexamples are printed with the digits it takes to show the difference, and the difference itself.
            Values below 2.2e-308 keep few digits: sides that agree only within that rounding are "cannot tell".
            Vectors and matrices of formulas compare element by element, naming the first that differs. Vectors and
            matrices of numbers are equal when every element is within |a - b| <= 1e-6*|b| + 1e-7*(the largest element
            of either), so numdiff(L, W) == grad(L, W) is true (they differ by rounding) while a slip is not; when false,
            gradbook says how many elements differ, the worst one, and the slip when one fits them all: a factor (half),
            a flipped sign, transposed, a constant or a term such as 0.2*W missing. An element that numbers as typed or
            steps on numbers alone could move that far, or that is inf only by an overflow on the way, is cannot tell
            ([1e20 + 1 - 1e20, 2] == [1, 2]).
              example: 2*(w*x - t)*x == diff((w*x - t)^2, w)
              example: x = 2; w = 3; diff(w*x^2, w) == 2*x
            """,
        "grad": """
            grad(EXPR, [x, y]) is the vector of partial derivatives of EXPR by backpropagation over its computation graph.
            grad(EXPR, h) for an intermediate binding h (one EXPR was computed from) is the gradient with respect to that value.
            With free symbols the gradient is computed symbolically, in reverse mode, also through vectors and
            matrices of them; a vector or matrix of plain names (W = [[a, b], [c, d]]) gives a vector or matrix of
            formulas in its shape.
            The result stays connected to the graph (the backward pass is itself recorded, as PyTorch's
            create_graph=True and JAX's grad of grad do), so it can be differentiated again: with x = 2,
            grad(grad(x^3, x), x) is 12. Each level costs one more backward pass, recorded as a few new nodes per
            operation it passes through. Where a derivative is inf or nan, the next one is too, never a silent 0.
            A gradient (or an element of one) that is 0, or a subnormal, only because a product on the way back was
            too small for a double is never shown as exact: nan with a note where later steps could make it a
            number, else 0 with a note giving a bound on its true size ("comes from rounding …").
              example: x = -4; z = 2*x + 2 + x; y = z^2; grad(y, [x])
              example: x = 2; grad(grad(x^3, x), x)
              example: W = [[a, b], [c, d]]; v = [x1, x2]; grad(sum((W @ v)^2), W)
            """,
        "forward_diff": """
            forward_diff(EXPR, x) is dEXPR/dx by forward mode: every value carries its derivative with respect to x
            along (dual numbers, x + ẋε with ε² = 0). One forward pass gives the derivatives of everything with respect
            to ONE input; one backward pass (grad) gives ONE output's derivatives with respect to every input. For a
            loss with many weights, backward wins: that is why training uses backpropagation. Its result can be
            differentiated again (grad, diff, numdiff of it give the second derivative).
            Through vectors and matrices it is the Jacobian-vector product J·v (JAX's jvp): forward_diff(f, w, v) moves
            w along the direction v (numbers of w's shape) and gives how fast each element of f changes, f's shape.
            For a number x the direction is optional (1); for a vector or matrix it is required. One pass gives one
            column of the Jacobian (v = a column of the identity), where grad's one pass gives one row.
              example: x = 3; forward_diff(x^2*sin(x), x); grad(x^2*sin(x), x)
              example: x = 0.5; forward_diff([x^2, sin(x)], x)
              example: z = [1, 2, 3]; forward_diff(softmax(z), z, [1, 0, 0]); jacobian(softmax(z), z)
            """,
        "simplify": """
            simplify(EXPR) rewrites EXPR into a shorter formula with the same value: like terms combined even across
            nested sums (4*T + 8*T is 12*T), like powers merged (x^2*x is x^3), exponentials multiplied into one
            (exp(2*x)*exp(-x) is exp(x)), sin(u)^2 + cos(u)^2 = 1 (and 1 - sin(u)^2 = cos(u)^2), log(exp(u)) = u for
            every real u, sqrt(u^2) = abs(u), a number multiplied into a sum when terms then cancel (2*(x + 1) - 2*x
            is 2), a factor common to every term of a sum taken out where that prints shorter, which puts fractions
            over a common denominator too (x^2*exp(x) + 2*x*exp(x) is x*exp(x)*(x + 2), 1/(x + 1) - x/(x + 1)^2 is
            1/(x + 1)^2; 2*x*sin(x) + x^2*cos(x) stays, as it is no shorter), and sigmoid(-u) written 1 - sigmoid(u)
            in a sum that has sigmoid(u) too, where that is shorter (sigmoid(z)*(1 - t) - t*sigmoid(-z) is
            sigmoid(z) - t). Like terms with a named constant stay apart when together they would be a long decimal
            (t/(2*pi) + t/3 stays). Every derivative gradbook prints (diff, grad, jacobian, hessian, explain) goes
            through these same rewrites. Its cost is linear in the formula's size: each shared part is simplified once
            and looks at no more than 64 operands (a common factor only in sums of up to 12 terms), and the result is
            at most twice as large as EXPR (usually smaller).
            What it does not do: multiply sums out (that is expand), factor a polynomial into its roots (x^2 - 1
            stays), use double-angle formulas (cos(x)^2 - sin(x)^2 stays), or use an identity that needs a condition
            it cannot check: exp(log(x)) is x only for x > 0, and (u^a)^b with a fractional b is u^(a*b) only for
            u >= 0 ((x^2)^0.5 is abs(x)), so those stay, with a note saying so.
              example: simplify(exp(2*x)*exp(-x) + sin(x)^2 + cos(x)^2)   → exp(x) + 1
              example: simplify(exp(log(x)))   (kept, with a note: it equals x only where x > 0)
            """,
        "hessian": """
            hessian(f, [x, y]) is the matrix of second derivatives d²f/dx_i dx_j, as formulas, or numbers when every name
            has a value (add 'at' to evaluate it at a point). It is symmetric for smooth f. With a vector or matrix among
            the inputs (bound to numbers), it is the Jacobian of grad(f, …), its rows and columns the inputs' elements
            flattened row by row, in the order given. A vector or matrix of free names stands for its names:
            w = [a, b]; hessian(a^2*b, w) is hessian(a^2*b, [a, b]).
              example: hessian(x^2*y + y^3, [x, y])   → [[2*y, 2*x], [2*x, 6*y]]
              example: w = [1, 2]; hessian(sum(w^3), w)   → [[6, 0], [0, 12]]
            """,
        "jacobian": """
            jacobian([f1, f2], [x, y]) is the matrix J[i, j] = d f_i / d x_j: one row per function, one column per name.
            Formulas with free symbols; numbers when every name has a value. The function may also be a vector or
            matrix, and the inputs vectors or matrices bound to numbers: rows are the function's elements, columns the
            inputs' elements, each flattened row by row (W[1, 1], W[1, 2], …, W[2, 1], …), the inputs in the order
            given. Each row is one backward pass; up to 10,000 entries. With free names inside (z = [a, b, c]), the
            answer is a matrix of formulas, each vector or matrix of names standing for its names.
              example: jacobian([x*y, x + y^2], [x, y])   → [[y, x], [1, 2*y]]
              example: z = [1, 2, 3]; jacobian(softmax(z), z)   (diag(s) - s sᵀ, with s = softmax(z))
              example: z = [a, b]; jacobian(softmax(z), z)
            """,
        "language": """
            Statements: x = EXPR binds x now (the value remembers the computation that produced it); f(x) = EXPR defines a
            function; EXPR prints its value. Separate statements with a new line or ;, and end one with ; to hide its result.
            A name with no value is a free symbol, so a*x^2 is a formula; one a slip away from a bound name (weigth beside
            weight) gets a note asking "did you mean", three at most a statement and one counting the rest, and none where
            you differentiate with respect to it beside the name it is near (diff(w11^2*h11, w11)). Numbers: 2, -3.5,
            1e-3, .5. Operators, tightest first: ^ (right-associative; -x^2 is -(x^2)), unary -, * /, + -, ==, at.
            Assignments print nothing; type the name to see its value. # starts a comment. Numbers are doubles: a result
            too large for one is inf, and one too small is 0, with a note saying so (exp(-800) is 0, "whose result was too
            small for a double"); where a later step could make such a part matter, the value is nan with the reason.
              example: x = 3; y = -x^2 + 2*x; y
            """,
        "mean": """
            mean(v) is the average of the numbers in the list v: sum(v) divided by how many there are. Gradients flow to
            each element, each getting 1/n of the gradient.
              example: w = 2; mean([w, 2*w, 3*w]); grad(mean([w, 2*w, 3*w]), [w])
            """,
        "numdiff": """
            numdiff(EXPR, x) estimates dEXPR/dx by nudging x: central differences (f(x+h) - f(x-h))/2h at shrinking steps,
            extrapolated to h = 0 (Ridders' method), good to about 1e-10 for smooth functions. numdiff(EXPR, x, h) uses your
            step h, so you can watch truncation error (h too big) and rounding error (h too small). It re-runs EXPR
            through every operation: lists, indexing, sum/mean/max, softmax, @ and network calls. Its steps never cross
            a pole, domain edge or kink of EXPR (1/x, log, sqrt, relu, ...); where no step can, or the result is not
            finite, a note says the estimate is unreliable and why; so it does where EXPR's own value at x was lost to
            overflow or underflow. Exactly at a kink of a number, it measures the slopes on the two sides: where they
            agree that slope is the estimate (relu(x) - relu(-x) at x = 0 gives 1), and where they differ it is nan and
            a note gives both (abs(x) at 0: -1 and 1). An estimate of 0 (EXPR did not change over any step) says only that the slope is too
            small for the steps to see, and a note gives that size (tanh'(30) is 3.5e-26), naming a vector's or matrix's
            elements where they are such 0s. The estimate carries the exact derivative's
            graph, so with x = 2, grad(numdiff(x^3, x), x) is 12; where the exact derivative is inf and the estimate finite,
            numdiff is refused (differentiated again, such a number would give a meaningless 0).
              example: numdiff(sin(x), x) at x = 1;  numdiff(sin(x), x, 1e-12) at x = 1;  numdiff(1/x, x) at x = 1e-8
            """,
        "repeat": """
            repeat N { statements } runs the statements N times (a whole number from 0 to 10,000,000), each committed as it
            runs, and shows the value of the block's last expression after the final repetition: the simplest training
            loop. A block holds assignments, definitions, expressions and other repeats:
            repeat 3 { repeat 4 { w = w + 1 } } adds 12. A :command or ?help inside a block is refused and nothing runs,
            so put it before or after the block. An error rolls the whole loop back; Ctrl-C stops between whole
            repetitions of the innermost loop and keeps them. Each repetition costs the same however many ran before,
            and a loop keeps about its last \(DroppedHistory.budgetMegabytes) MB of history (the graph its values were computed through): past that,
            each value it bound is replaced by a leaf with the same value, a note says so, and a derivative that would
            need the dropped steps (grad(w, lr) through the whole loop) is refused, never given as 0; derivatives with
            respect to values made since, such as grad(L, w) with the current w, stay exact.
              example: w = 0; repeat 50 { w = w - 0.1*grad((w - 3)^2, w) }; w
            """,
        "results": """
            Each cell that shows a value is numbered: Out[3] is what In [3] showed. _ is the last result shown and _3 is
            another way to write Out[3]. Results keep their computation graph, so grad(_, [x]) works. A statement ended
            by ; shows nothing, so it leaves _ alone. :save writes your statements, not the results; bind a result to a
            name (y = Out[3]) to keep it in a saved script. The last 1,000 results are kept (as IPython does), since each
            holds its graph; an older Out[n] says it was dropped, and a name keeps a result for good.
              example: x = 2; x^2 + 1; _ * 10; Out[2] + 1
            """,
        "sum": """
            sum(v) adds up the numbers in the list v. Backpropagation through a sum passes the same gradient to every
            element, which is why the gradient of a sum of losses is the sum of their gradients.
              example: a = 1; b = 2; sum([a^2, a*b, b]); grad(sum([a^2, a*b, b]), [a, b])
            """,
    ]
}
