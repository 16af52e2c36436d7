#ifndef GRADLAB_CBLAS_SHIM_H
#define GRADLAB_CBLAS_SHIM_H
// OpenBLAS's cblas interface. Debian installs it as <cblas.h> (libopenblas-dev);
// openblas_set_num_threads is OpenBLAS's own extension.
#include <cblas.h>
#endif
