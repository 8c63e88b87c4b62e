// A software prefetch for the sparse kernels (Sources/TextClassification/LinearAlgebra/SparseKernels.swift):
// Swift has no prefetch intrinsic. static inline, so the call compiles to one instruction.
static inline void textclf_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
