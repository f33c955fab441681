from ipykernel.kernelapp import IPKernelApp

from .kernel import GradbookKernel

IPKernelApp.launch_instance(kernel_class=GradbookKernel)
