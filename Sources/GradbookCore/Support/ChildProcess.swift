// Running another program (Graphviz's dot) on this thread alone: its input written and its output read with
// poll(2), no helper threads, no Foundation `Process`.
//
// Why not Foundation: GradbookCore is compiled with non-atomic reference counts in release builds (Package.swift,
// `-assume-single-threaded`, a seventh off a loop's time), which is sound only while no object of this module
// is retained or released on two threads at once. `Process` watches its child on a thread of its own, and
// feeding and draining three pipes without poll needs two more; here nothing leaves this thread.

import Foundation

/// What a program printed and how it ended.
struct ChildProcessResult {
    var output: [UInt8] = []
    var errors: [UInt8] = []
    /// The exit status, or 128 + the signal that ended it.
    var status: Int32 = 0
}

enum ChildProcessProblem: Error, Equatable {
    /// The program could not be started (the reason, as the system gives it).
    case couldNotStart(String)
    /// `shouldStop` said stop: the program was terminated and what it printed dropped.
    case stopped
}

enum ChildProcess {
    /// Runs the program at `path` with `arguments`, writing `input` to its standard input and collecting what it
    /// writes to its standard output and error, asking `shouldStop` (Ctrl-C) about every 50 ms while it runs.
    static func run(_ path: String, arguments: [String], input: [UInt8],
                    shouldStop: () -> Bool) throws(ChildProcessProblem) -> ChildProcessResult {
        // Pipes: [read, write] each. The parent writes stdin's write end and reads the others' read ends.
        var stdinPipe: [Int32] = [-1, -1], stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        guard pipe(&stdinPipe) == 0 else { throw .couldNotStart(String(cString: strerror(errno))) }
        guard pipe(&stdoutPipe) == 0 else {
            closeAll(stdinPipe)
            throw .couldNotStart(String(cString: strerror(errno)))
        }
        guard pipe(&stderrPipe) == 0 else {
            closeAll(stdinPipe + stdoutPipe)
            throw .couldNotStart(String(cString: strerror(errno)))
        }
        // The parent's ends are not inherited by the child (or by any other program started later).
        for descriptor in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        for descriptor in [stdinPipe[0], stdoutPipe[1], stderrPipe[1]] { posix_spawn_file_actions_addclose(&actions, descriptor) }

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        closeAll([stdinPipe[0], stdoutPipe[1], stderrPipe[1]])
        guard spawned == 0 else {
            closeAll([stdinPipe[1], stdoutPipe[0], stderrPipe[0]])
            throw .couldNotStart(String(cString: strerror(spawned)))
        }

        // A program that exits before reading all its input would make the write raise SIGPIPE, which ends
        // gradbook; ignored while this runs, the write fails with EPIPE instead.
        let previousPipeHandler = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previousPipeHandler) }
        _ = fcntl(stdinPipe[1], F_SETFL, fcntl(stdinPipe[1], F_GETFL) | O_NONBLOCK)

        var result = ChildProcessResult()
        var written = 0
        var inputEnd: Int32 = stdinPipe[1], outputEnd: Int32 = stdoutPipe[0], errorEnd: Int32 = stderrPipe[0]
        if input.isEmpty { close(inputEnd); inputEnd = -1 }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while outputEnd >= 0 || errorEnd >= 0 {
            if shouldStop() {
                kill(pid, SIGTERM)
                closeAll([inputEnd, outputEnd, errorEnd])
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                throw .stopped
            }
            var watched = [pollfd]()
            if inputEnd >= 0 { watched.append(pollfd(fd: inputEnd, events: Int16(POLLOUT), revents: 0)) }
            if outputEnd >= 0 { watched.append(pollfd(fd: outputEnd, events: Int16(POLLIN), revents: 0)) }
            if errorEnd >= 0 { watched.append(pollfd(fd: errorEnd, events: Int16(POLLIN), revents: 0)) }
            guard poll(&watched, nfds_t(watched.count), 50) > 0 else { continue }
            for entry in watched where entry.revents != 0 {
                if entry.fd == inputEnd {
                    let count = input.withUnsafeBytes { bytes in
                        write(inputEnd, bytes.baseAddress! + written, bytes.count - written)
                    }
                    if count > 0 { written += count }
                    // All written, or the program stopped reading (EPIPE): its end of the pipe is closed.
                    if written == input.count || (count < 0 && errno != EAGAIN && errno != EINTR) {
                        close(inputEnd)
                        inputEnd = -1
                    }
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if entry.fd == outputEnd { result.output += buffer[..<count] } else { result.errors += buffer[..<count] }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(entry.fd)
                    if entry.fd == outputEnd { outputEnd = -1 } else { errorEnd = -1 }
                }
            }
        }
        if inputEnd >= 0 { close(inputEnd) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        result.status = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return result
    }

    private static func closeAll(_ descriptors: [Int32]) {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }
}
