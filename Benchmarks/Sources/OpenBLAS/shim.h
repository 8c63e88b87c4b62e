// OpenBLAS's CBLAS, for textclf-kernels to time cblas_daxpy and cblas_dgemm against our kernel.
// Its own module: the library's CBLAS target is internal to the textclf package.
#include <cblas.h>
