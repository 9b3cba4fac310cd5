// The declaration in include/fuzzer_driver.h is all this module provides; libFuzzer
// (linked by -sanitize=fuzzer) defines LLVMFuzzerRunDriver.
#include "fuzzer_driver.h"
