// The few lines the REPL prints when it starts.

import GradbookCore

/// The welcome banner: the version, where help is, how to begin. Short on purpose.
public enum Banner {
    public static func text(version: String, style: Style) -> String {
        """
        \(style.apply(.heading, "gradbook \(version)")): learn backpropagation by computing it.
        Try diff(x^2*sin(x), x). :help lists the topics, TAB completes, Ctrl-D leaves.
        New here? :lesson 0 starts the course (gradbook lesson lists it); :help language is the reference.

        """
    }
}
