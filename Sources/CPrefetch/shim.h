// A software prefetch for loads at random places in large arrays (the sparse kernels, the term
// table's slots, the idf in TFIDFModel.swift):
// Swift has no prefetch intrinsic. static inline, so the call compiles to one instruction.
static inline void textclf_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
