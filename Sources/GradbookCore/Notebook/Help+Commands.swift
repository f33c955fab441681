// Help paragraphs for each :command and for the REPL's keys, each with an example.

extension Help {
    static let commands: [String: String] = [
        "answer": """
            :answer N.K ANSWER answers exercise K of lesson N where there is no lesson runner: in a lesson's notebook
            (gradbook lesson N --notebook FILE.ipynb, for Jupyter), or here. It gives the runner's feedback: right, or
            where the answer differs and the next hint; after the last hint, the answer and why. :answer N.K :next
            shows it at once. Number answers are worked out in this session, so run the lesson's cells above first.
              example: :answer 3.1 (1.25*2 - 3)^2
            """,
        "digits": """
            :digits N prints numbers with N significant digits, from 1 to 17 (the default is 6). 17 digits show a
            number exactly as the computer stores it, which is how to see rounding error. :digits alone tells the current setting.
              example: :digits 17; 0.1 + 0.2
            """,
        "editing": """
            Keys at the prompt: Left/Right and the usual readline keys edit the line; Up/Down recall earlier lines (kept
            between sessions, in ~/.local/state/gradbook/history; two REPLs open at once both keep theirs); Ctrl-R searches them; TAB completes names, builtins, :commands, help topics, and file
            names after :load, :save and :export or inside a string (load("da TAB), putting names with spaces in quotes.
            While a bracket is open, or a line ends with \\, the prompt becomes   ...: and the cell goes on; an empty
            line runs it as it is. Ctrl-C clears the line, drops an unfinished cell, or stops a long computation
            (everything is then as it was before that cell; train keeps the weights reached so far). Ctrl-D or :quit
            leaves. Pasting a session that still shows its In [n]: prompts runs just the inputs.
              example: type si then TAB to get sin, or grad([ then Enter to continue on the next line.
            """,
        "help": """
            :help lists the topics; :help TOPIC explains one, with an example. ?TOPIC and TOPIC? do the same. Topics are
            every builtin (sin, diff, grad, …), every command (vars, save, …) and a few ideas (language, results, stale, keys).
              example: :help grad;  ?numdiff;  check?
            """,
        "info": """
            :info NAME says how NAME got its value: the statement and cell that made it, the named values it was computed
            from (with their cells; after twelve, how many more of each name, as a long loop makes thousands), the
            formula it computes written in its leaves, and whether it is stale.
              example: x = 3; y = x^2 + 1; :info y
            """,
        "lesson": """
            :lesson N walks through lesson N of the course (0 to 15; a number or a name such as 03-measuring-the-mistake);
            :lesson alone continues the one you were in. The lesson runs in its own session; at each pause Enter
            continues, :back and :next move, :quit returns here, and anything else runs in the lesson's session.
              example: :lesson 0
            """,
        "load": """
            :load FILE runs a script file (statements, one per line or separated by ;) into this session, as if typed.
            Errors name the file, line and column, and the rest of the file still runs. :save writes such files.
            Scripts are UTF-8: a byte that is not (a Latin-1 é) is refused with its line and column, and nothing runs.
              example: :load session.gb
            """,
        "quit": """
            :quit leaves gradbook; so does Ctrl-D on an empty line. Your typed lines are kept in the history file for next
            time (Up recalls them), but bindings are not: use :save FILE first to keep the session.
              example: :save today.gb; :quit
            """,
        "recompute": """
            Values are computed when you bind them, so after x = 2; y = x^2; x = 5 the value of y is still 4, computed from
            the old x. gradbook marks such values stale wherever they are shown, (stale: computed from the old x, In [2]),
            and :recompute re-runs the statements that made them, oldest first, so y becomes 25. The same goes for a
            value made with a function you have redefined since: (stale: computed with the old f, In [3]), and for a
            formula made while a name was free and bound since: d = diff(x^2, x); x = 2 marks d (stale: made when x was
            free), and :recompute turns it into a number. A value computed from one that was stepped since is stale too:
            after L = (w*x - t)^2; w = w - 0.1*grad(L, w), L is still the loss at the old w.
              example: x = 2; y = x^2; x = 5; :vars; :recompute; y
            """,
        "reset": """
            :reset forgets every binding, function, result (_ and Out[n]) and setting (:digits), as if gradbook had just
            started; the cell numbers go on. Your typed lines stay in the history.
              example: :reset; :vars
            """,
        "export": """
            :export FILE [EXPR] [--force] writes a file others can open. FILE.dot EXPR: the computation graph as
            Graphviz DOT (value and gradient on every node); FILE.svg or FILE.png EXPR: the same drawn by Graphviz's
            dot (apt-get install graphviz; without it, FILE.svg of up to 150 values is laid out by gradbook); FILE.svg plot(…) or boundary(…): the plot as a clean SVG; FILE.md,
            FILE.ipynb (Jupyter, nbformat 4.5) or FILE.html (one page, formulas and plots inline, no network): the
            session so far. Files are written as :save writes (atomically, through a symlink, keeping the mode), and a
            file gradbook did not write is never replaced unless you add --force (a folder, device or fifo never). Put a file name with spaces in double quotes: :export "my notes.html".
            Ctrl-C stops an export (and Graphviz) and writes nothing: a file already there stays as it was. Plots are
            drawn at the resolution they are shown, so plot(v) of a 10-million-element vector is still a small file.
              example: :export graph.svg y   :export tanh.svg plot(tanh(x), x, -3, 3)   :export session.ipynb
            """,
        "save": """
            :save FILE [--force] writes every statement that succeeded in this session to FILE, as a script that
            :load FILE and gradbook run FILE replay to the same bindings. It replaces only a script it wrote (the first
            line says so) or an empty file: any other file, such as your own script after :load notes.gb, is left alone
            unless you add --force (:save notes.gb --force). A folder, device or fifo is never replaced. It writes
            through a symbolic link to its file, keeps that file's permissions and owner, and writes atomically (a
            temporary file, flushed to disk, then renamed), so an error never leaves half a file or destroys the old one.
            The REPL's history is kept the same way, and two REPLs open at once both keep their cells in it.
              example: :save session.gb   :save "my notes.gb" --force
            """,
        "time": """
            :time STATEMENT runs the statement as if you had typed it alone (its result is shown and its bindings are
            kept) and first prints how long it took by the wall clock, as IPython's %time does: wall time: 1.52 ms. Times
            vary from run to run and with what else the machine is doing: compare two of them, not one with a number
            from elsewhere. The statement ends at ; or the end of the line.
              example: w = 3; L = (2*w - 1)^2; :time grad(L, w); :time g = numdiff(L, w)
            """,
        "vars": """
            :vars lists the bindings in the order they were first made: name, value, the formula that made it, and a
            stale mark on values computed from a name rebound since. Functions show their parameters and body. On a
            terminal narrower than the table, long cells are cut with …; :info NAME shows one binding whole.
              example: x = 2; y = x^2; f(t) = t + 1; :vars
            """,
    ]
}
