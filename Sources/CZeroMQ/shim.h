#ifndef GRADLAB_CZEROMQ_SHIM_H
#define GRADLAB_CZEROMQ_SHIM_H
// libzmq's C API for the Jupyter kernel's transport (GradShell/Kernel).
// Everything the kernel calls is a plain function or an integer constant,
// which Swift imports as is; nothing here needs a wrapper. If a variadic
// function or a function-like macro is ever needed, wrap it here in a
// `static inline` function (as CEditLine does for libedit).
#include <zmq.h>
#endif
