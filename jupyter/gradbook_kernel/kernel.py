"""The gradbook kernel: one `gradbook serve --json` child per session (jupyter/PROTOCOL.md).

ipykernel handles the wire protocol, signing, heartbeats and the interrupt request; this class forwards
execute, complete, inspect and is_complete to the child, one JSON line each way. An interrupt reaches
the kernel as SIGINT (the kernelspec's interrupt_mode is "signal"); it is passed on to the child, which
stops the running cell at its next safe point. A restart starts a fresh kernel and so a fresh child.
"""

import fnmatch
import json
import os
import shutil
import signal
import subprocess
import threading

from ipykernel.kernelbase import Kernel

from . import __version__


def gradbook_command():
    """The gradbook executable: $GRADBOOK, else `gradbook` on PATH."""
    return os.environ.get("GRADBOOK") or shutil.which("gradbook") or "gradbook"


class GradbookKernel(Kernel):
    implementation = "gradbook_kernel"
    implementation_version = __version__
    language = "gradbook"
    language_version = "0.1.0"
    language_info = {
        "name": "gradbook",
        "mimetype": "text/x-gradbook",
        "file_extension": ".gb",
        "pygments_lexer": "text",
        "codemirror_mode": "text/plain",
    }
    banner = "gradbook: a notebook for learning and checking backpropagation (:help lists the topics)"
    help_links = []

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._lock = threading.Lock()
        self._running = False
        # (execution count, code, the text of its results) of each cell run with store_history, for history_request.
        self._history = []
        self._start_child()

    # The child process

    def _start_child(self):
        self._child = subprocess.Popen(
            [gradbook_command(), "serve", "--json"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", bufsize=1,
            # The child must not get the terminal's Ctrl-C directly (it would stop a cell twice).
            start_new_session=True,
        )

    def _interrupt_child(self, signum=None, frame=None):
        if self._running and self._child.poll() is None:
            self._child.send_signal(signal.SIGINT)

    def _request(self, request):
        with self._lock:
            if self._child.poll() is not None:
                self._start_child()
            self._child.stdin.write(json.dumps(request) + "\n")
            self._child.stdin.flush()
            while True:
                try:
                    line = self._child.stdout.readline()
                    break
                except KeyboardInterrupt:
                    # ipykernel's handler while a message is handled: pass the interrupt on and wait for
                    # the reply, which says the cell stopped.
                    self._interrupt_child()
            if not line:
                raise RuntimeError("gradbook serve ended unexpectedly; restart the kernel")
            return json.loads(line)

    # Messages

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        # An interrupt request arrives as SIGINT (interrupt_mode "signal"): while the cell runs, it goes to
        # gradbook, which stops the cell at its next safe point and replies.
        self._running = True
        try:
            previous = signal.signal(signal.SIGINT, self._interrupt_child)
        except ValueError:  # not the main thread: ipykernel's KeyboardInterrupt is caught in _request
            previous = None
        try:
            reply = self._request({"type": "execute", "code": code, "silent": bool(silent)})
        finally:
            self._running = False
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        count = reply.get("execution_count", self.execution_count)
        self.execution_count = count
        if store_history and not silent:
            results = [output.get("data", {}).get("text/plain", "") for output in reply.get("outputs", [])
                       if output.get("kind") == "result"]
            self._history.append((count, code, "\n".join(results) or None))
        error = None
        for output in reply.get("outputs", []):
            kind, data = output.get("kind"), output.get("data", {})
            if kind == "result":
                self.send_response(self.iopub_socket, "execute_result",
                                   {"execution_count": count, "data": data, "metadata": {}})
            elif kind == "error":
                # Jupyter shows an error as its traceback: the located message, the line, the caret, the hint.
                error = error or output
                self.send_response(self.iopub_socket, "error", self._error_content(output))
            elif len(data) > 1:
                # Command text with a richer form (:vars as an HTML table) is display data, shown at its richest.
                self.send_response(self.iopub_socket, "display_data", {"data": data, "metadata": {}})
            else:
                self.send_response(self.iopub_socket, "stream",
                                   {"name": "stdout", "text": data.get("text/plain", "") + "\n"})
        if reply.get("status") == "error" and error is not None:
            return dict(self._error_content(error), status="error", execution_count=count)
        return {"status": "ok", "execution_count": count, "payload": [], "user_expressions": {}}

    @staticmethod
    def _error_content(output):
        details = output.get("error", {})
        evalue = details.get("message", "")
        return {"ename": "Interrupted" if details.get("interruption") else "GradbookError", "evalue": evalue,
                "traceback": output.get("data", {}).get("text/plain", evalue).split("\n")}

    # The session's history is this kernel's cells: gradbook keeps no history between sessions, so there is one
    # session, numbered 1 (0 and negative numbers, which mean "this session" in IPython, are accepted too).
    history_session = 1

    def do_history(self, hist_access_type, output, raw, session=None, start=None, stop=None, n=None,
                   pattern=None, unique=False):
        entries = list(self._history)
        if hist_access_type == "range":
            if session is not None and session > 0 and session != self.history_session:
                entries = []
            entries = [entry for entry in entries
                       if (start is None or entry[0] >= start) and (stop is None or entry[0] < stop)]
        elif hist_access_type == "search":
            entries = [entry for entry in entries if fnmatch.fnmatchcase(entry[1], pattern or "*")]
            if unique:
                seen, kept = set(), []
                for entry in reversed(entries):
                    if entry[1] not in seen:
                        seen.add(entry[1])
                        kept.append(entry)
                entries = kept[::-1]
        if hist_access_type in ("tail", "search") and n:
            entries = entries[-n:]
        history = [(self.history_session, count, (code, result) if output else code) for count, code, result in entries]
        return {"status": "ok", "history": history}

    def do_complete(self, code, cursor_pos):
        reply = self._request({"type": "complete", "code": code, "cursor": cursor_pos})
        return {"status": "ok", "matches": reply.get("matches", []),
                "cursor_start": reply.get("cursor_start", cursor_pos),
                "cursor_end": reply.get("cursor_end", cursor_pos), "metadata": {}}

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        reply = self._request({"type": "inspect", "code": code, "cursor": cursor_pos})
        return {"status": "ok", "found": bool(reply.get("found")), "data": reply.get("data", {}), "metadata": {}}

    def do_is_complete(self, code):
        reply = self._request({"type": "is_complete", "code": code})
        status = reply.get("status", "unknown")
        return {"status": status, "indent": ""} if status == "incomplete" else {"status": status}

    def do_shutdown(self, restart):
        try:
            self._request({"type": "shutdown"})
            self._child.wait(timeout=5)
        except Exception:
            self._child.kill()
        return {"status": "ok", "restart": restart}
