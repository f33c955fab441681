"""The gradbook kernel under jupyter_kernel_test (the Jupyter project's own kernel tests) and an interrupt test.

Run by jupyter/test.sh, which installs the kernelspec first (`gradbook jupyter install --prefix ...`).
"""

import glob
import os
import queue
import re
import subprocess
import tempfile
import time
import unittest

import jupyter_client
import jupyter_kernel_test as jkt
import nbclient
import nbformat


class GradbookKernelTests(jkt.KernelTests):
    kernel_name = "gradbook"
    language_name = "gradbook"
    file_extension = ".gb"

    code_hello_world = None
    code_execute_result = [
        {"code": "diff(x^2 * sin(x), x) at x = 2", "result": "1.9726"},
        {"code": "x = -4; y = 2*x + 2 + x; y", "result": "-10"},
    ]
    code_display_data = []
    completion_samples = [{"text": "back", "matches": {"backward"}}]
    complete_code_samples = ["x = 1", "f(x) = x^2", "grad(y, [x])"]
    incomplete_code_samples = ["f(x,", "repeat 3 {", "y = x + \\"]
    code_inspect_sample = "grad"
    code_generate_error = "sin(x +"
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "x = -4*"


class InterruptTests(unittest.TestCase):
    """A long train interrupted through jupyter_client: the kernel answers, the bindings are intact."""

    def setUp(self):
        self.manager, self.client = jupyter_client.manager.start_new_kernel(kernel_name="gradbook")

    def tearDown(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)

    def run_cell(self, code, timeout=60):
        """The cell's reply and the text/plain of its results."""
        results = []
        def output(message):
            if message["msg_type"] == "execute_result":
                results.append(message["content"]["data"]["text/plain"])
        reply = self.client.execute_interactive(code, timeout=timeout, output_hook=output)
        return reply["content"], results

    def test_interrupt_long_train(self):
        reply, _ = self.run_cell("m = moons(100); net = mlp(2, [16, 16, 1], act = relu); keep = 42")
        self.assertEqual(reply["status"], "ok")
        message_id = self.client.execute("h = train(net, m, loss = bce, lr = 0.1, epochs = 1000000)")
        # 1,000,000 epochs take hours, so a reply means the interrupt stopped it. Interrupt until the reply
        # comes (the first interrupt may arrive before the cell starts running).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.5)
            self.manager.interrupt_kernel()
            try:
                reply = self.client.get_shell_msg(timeout=0.5)
            except queue.Empty:
                continue
            if reply["parent_header"].get("msg_id") == message_id:
                break
        else:
            self.fail("the interrupted train never replied")
        self.assertEqual(reply["content"]["status"], "ok")
        # The kernel answers, and what was bound before is intact.
        reply, results = self.run_cell("keep + 1")
        self.assertEqual((reply["status"], results), ("ok", ["43"]))
        # The network trained for as many epochs as ran: it still classifies (an accuracy between 0 and 1).
        reply, results = self.run_cell("accuracy(net, m)")
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(0 <= float(results[0]) <= 1, results)


class RichOutputTests(unittest.TestCase):
    """What a notebook shows at its richest: backward's table as HTML, :vars as HTML display data, a graph as SVG."""

    def test_tables_and_pictures(self):
        manager, client = jupyter_client.manager.start_new_kernel(kernel_name="gradbook")
        try:
            def outputs(code):
                shown = []
                client.execute_interactive(code, timeout=30, output_hook=lambda message: shown.append(message))
                return [(m["msg_type"], m["content"].get("data", {})) for m in shown
                        if m["msg_type"] in ("execute_result", "display_data", "stream")]
            outputs("x = 2; w = 3; L = (w*x - 1)^2")
            [(kind, data)] = outputs("backward(L)")
            # By hand: dL/dx = 2*(w*x - 1)*w = 30.
            self.assertEqual(kind, "execute_result")
            self.assertIn('<td style="text-align: right">30</td>', data["text/html"])
            [(kind, data)] = outputs(":vars")
            self.assertEqual(kind, "display_data")
            self.assertIn("<table>", data["text/html"])
            self.assertTrue(data["text/plain"].startswith("name"))
            [(kind, data)] = outputs("graph(L)")
            self.assertIn("<svg", data["image/svg+xml"])
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


class HistoryTests(unittest.TestCase):
    """history_request: this kernel's cells, with the text of their results when asked (2^2 = 4, 2^3 = 8)."""

    def test_tail_and_search(self):
        manager, client = jupyter_client.manager.start_new_kernel(kernel_name="gradbook")
        try:
            for code in ["a = 2", "a^2", "a^3", "a^2"]:
                client.execute_interactive(code, timeout=30)
            reply = client.history(hist_access_type="tail", n=3, output=True, raw=True, reply=True, timeout=30)
            self.assertEqual([entry[1:] for entry in reply["content"]["history"]],
                             [[2, ["a^2", "4"]], [3, ["a^3", "8"]], [4, ["a^2", "4"]]])
            reply = client.history(hist_access_type="search", pattern="a^*", unique=True, output=False, raw=True,
                                   reply=True, timeout=30)
            self.assertEqual([entry[1:] for entry in reply["content"]["history"]], [[3, "a^3"], [4, "a^2"]])
            reply = client.history(hist_access_type="range", session=0, start=1, stop=2, output=True, raw=True,
                                   reply=True, timeout=30)
            self.assertEqual([entry[1:] for entry in reply["content"]["history"]], [[1, ["a = 2", None]]])
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


class ExportedNotebookTests(unittest.TestCase):
    """:export FILE.ipynb names the gradbook kernel, so the notebook re-runs in Jupyter (nbclient)."""

    def test_export_reruns(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "session.ipynb")
            gradbook = os.environ["GRADBOOK"]
            subprocess.run([gradbook, "-e", "x = -4; y = 2*x + x^2", "-e", "grad(y, [x])",
                            "-e", "diff(sin(x)*t, t)", "-e", ":export " + path], check=True, capture_output=True)
            notebook = nbformat.read(path, as_version=4)
            self.assertEqual(notebook.metadata.kernelspec.name, "gradbook")
            for cell in notebook.cells:
                cell.outputs = []
            nbclient.NotebookClient(notebook, timeout=60).execute()
            results = [[output["data"]["text/plain"] for output in cell.outputs if output.output_type == "execute_result"]
                       for cell in notebook.cells]
            # By hand: dy/dx = 2 + 2x = -6 at x = -4; d(sin(x)*t)/dt = sin(x), and sin(-4) = 0.7568025.
            self.assertEqual(results[0], [])
            self.assertEqual(results[1], ["[-6]"])
            self.assertTrue(results[2][0].startswith("sin(x)") and "0.756802" in results[2][0], results[2])
            self.assertEqual([cell.execution_count for cell in notebook.cells], [1, 2, 3])


class LessonNotebookTests(unittest.TestCase):
    """Every lesson as a notebook (gradbook lesson --notebook DIR), run top to bottom on the kernel with nbclient.

    Each code cell must show what the lesson's text shows for it: gradbook writes that into the cell's metadata
    (gradbook.expected, and gradbook.number, the cell's In [n] in the lesson), so the lesson's Markdown is the
    only source of truth. The outputs are laid out as the terminal does (Out[n]: before a result, its further
    lines indented under it; notes and command text as they are), with the lesson's n, because the notebook's
    exercise cells take numbers of their own. Each exercise cell is then run with the lesson's wrong answer and
    its right answer, which must be told "Not yet" and "Right".
    """

    @staticmethod
    def shown(cell, number):
        text = ""
        for output in cell.outputs:
            if output.output_type == "execute_result":
                label = "Out[%d]: " % number
                text += label + output.data["text/plain"].replace("\n", "\n" + " " * len(label)) + "\n"
            elif output.output_type == "display_data":
                text += output.data["text/plain"] + "\n"
            elif output.output_type == "stream":
                text += output.text
            elif output.output_type == "error":
                text += "\n".join(output.traceback) + "\n"
        return text[:-1] if text.endswith("\n") else text

    @staticmethod
    def feedback(cell):
        return "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")

    def run_lesson(self, path):
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        self.assertEqual(notebook.metadata.kernelspec.name, "gradbook")
        varies = re.compile(notebook.metadata.gradbook.varies)
        def comparable(text):
            return varies.sub("wall time: (varies)", text)
        client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="gradbook", shutdown_kernel="immediate")
        checked = exercises = 0
        with client.setup_kernel():
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type != "code":
                    continue
                client.execute_cell(cell, index)
                meta = cell.metadata.get("gradbook", {})
                if "expected" in meta:
                    self.assertEqual(comparable(self.shown(cell, meta["number"])), comparable(meta["expected"]),
                                     "%s: the cell %r shows something else than the lesson" % (os.path.basename(path), cell.source))
                    checked += 1
                if "exercise" in meta:
                    self.assertTrue(self.feedback(cell).startswith("Type your answer after :answer " + meta["exercise"]), cell.outputs)
                    original = cell.source
                    for answer, verdict in [(meta["wrong"], "Not yet:"), (meta["answer"], "Right.")]:
                        cell.source = original + answer
                        client.execute_cell(cell, index)
                        self.assertTrue(self.feedback(cell).startswith(verdict),
                                        "%s: %r was told %r" % (os.path.basename(path), cell.source, self.feedback(cell)))
                    cell.source = original
                    exercises += 1
        self.assertGreater(checked, 0)
        self.assertGreater(exercises, 0)

    def test_every_lesson(self):
        paths = sorted(glob.glob(os.path.join(os.environ["LESSON_NOTEBOOKS"], "lesson-*.ipynb")))
        self.assertEqual(len(paths), 16)
        for path in paths:
            with self.subTest(lesson=os.path.basename(path)):
                started = time.monotonic()
                self.run_lesson(path)
                print("  %s: %.1f s" % (os.path.basename(path), time.monotonic() - started))


if __name__ == "__main__":
    unittest.main()
