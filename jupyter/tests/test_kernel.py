"""The gradbook kernel under jupyter_kernel_test (the Jupyter project's own kernel tests) and an interrupt test.

Run by jupyter/test.sh, which installs the kernelspec first (`gradbook jupyter install --prefix ...`).
"""

import os
import queue
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


if __name__ == "__main__":
    unittest.main()
