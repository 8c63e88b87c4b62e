// OpenBLAS's CBLAS interface (Debian: libopenblas-dev, pthread variant).
// The include path comes from pkg-config `openblas`.
#include <cblas.h>
// cblas.h also declares openblas_set_num_threads, which only libopenblas exports (hence `link "openblas"`).
