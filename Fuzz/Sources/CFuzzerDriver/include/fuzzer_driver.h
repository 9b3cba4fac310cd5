#ifndef GENDEG_FUZZER_DRIVER_H
#define GENDEG_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs that own `main` (LLVM >= 12). SwiftPM gives every
/// executable its own `main`, so the targets call this instead of linking libFuzzer's main.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
