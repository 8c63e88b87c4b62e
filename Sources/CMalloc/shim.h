// glibc's allocator tuning (mallopt), which the Glibc module does not export; only the textclf
// executable imports it (Sources/textclf/Allocator.swift).
#include <malloc.h>
