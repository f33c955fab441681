// gradbook serve --json: the machine protocol the Jupyter kernel talks to (jupyter/PROTOCOL.md).

import ArgumentParser
import Foundation
import GradbookCore
import GradbookTerminal

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve one session to another program: JSON requests on stdin, JSON replies on stdout.",
        discussion: """
            One JSON object per line each way: execute, complete, inspect, is_complete, reset and shutdown \
            (jupyter/PROTOCOL.md describes them). SIGINT stops the running cell with every binding intact; \
            the server goes on. This is what the Jupyter kernel runs; people use the REPL.
            """
    )

    @Flag(name: .long, help: "Speak JSON lines (the only protocol there is; required so the choice is explicit).")
    var json = false

    func validate() throws {
        guard json else { throw ValidationError("serve needs --json: gradbook serve --json") }
    }

    func run() throws {
        let server = JSONServer()
        InterruptSignal.install(server.interruption)
        // A parent may start us with SIGINT blocked (it is inherited); the kernel's interrupt must arrive.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigprocmask(SIG_UNBLOCK, &signals, nil)
        // When the program that started us dies (a kernel killed outright), stop too, even in the middle of a
        // long train: nobody is left to read the reply. (Between requests, the end of stdin stops us anyway.)
        let parent = getppid()
        Thread.detachNewThread {
            while true {
                sleep(1)
                if getppid() != parent { _exit(0) }
            }
        }
        server.serve(nextLine: { readLine(strippingNewline: true) }) { reply in
            FileHandle.standardOutput.write(Data((reply + "\n").utf8))
        }
    }
}
