#ifndef GRADLAB_CBLAS_SHIM_H
#define GRADLAB_CBLAS_SHIM_H
// OpenBLAS's cblas interface. Debian installs it as <cblas.h> (libopenblas-dev);
// openblas_set_num_threads is OpenBLAS's own extension.
#include <cblas.h>
#include <stdlib.h>
#include <strings.h>
#include <stdio.h>

// Debian's OpenBLAS (0.3.21, DYNAMIC_ARCH) picks its kernels once, when it is
// loaded, from the CPU model number. CPUs newer than the release (Sapphire and
// Emerald Rapids, for example) are not in its table, and it falls back to the
// SSE3 "Prescott" kernels, 3-4x slower than the AVX-512 ones the CPU can run.
// These hooks are weak so that a non-DYNAMIC_ARCH OpenBLAS still links.
extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void *gotoblas __attribute__((weak));

/// When OpenBLAS fell back to its generic x86-64 kernels on a CPU that has
/// AVX-512 or AVX2, re-runs its kernel selection with the best matching core
/// type. Must run before any BLAS call; a user's OPENBLAS_CORETYPE is respected.
/// Returns the core name OpenBLAS ends up with.
static inline const char *gradlab_tune_openblas(void) {
#if defined(__x86_64__)
    if (getenv("OPENBLAS_CORETYPE") == NULL && &gotoblas != NULL && gotoblas_dynamic_init != NULL
        && strcasecmp(openblas_get_corename(), "prescott") == 0) {
        const char *core = NULL;
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
            && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")) {
            core = __builtin_cpu_supports("avx512bf16") ? "CooperLake" : "SkylakeX";
        } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
            core = "Haswell";
        }
        if (core != NULL) {
            setenv("OPENBLAS_CORETYPE", core, 1);
            gotoblas = NULL;
            gotoblas_dynamic_init();
            unsetenv("OPENBLAS_CORETYPE");
        }
    }
#endif
    return openblas_get_corename();
}
// OpenBLAS's worker threads spin (sched_yield) for about 2^28 cycles after each
// product before they sleep, and so hold a core during the element-wise work
// between products. These re-read the environment with a short spin and restart
// the workers; the next product starts them again with it.
extern void openblas_read_env(void) __attribute__((weak));
extern int blas_thread_shutdown_(void) __attribute__((weak));

/// Makes OpenBLAS's idle workers sleep after 2^exponent cycles (4 to 30).
static inline void gradlab_openblas_spin(int exponent) {
    if (openblas_read_env == NULL || blas_thread_shutdown_ == NULL) return;
    char value[8];
    snprintf(value, sizeof value, "%d", exponent);
    char *previous = getenv("OPENBLAS_THREAD_TIMEOUT");
    setenv("OPENBLAS_THREAD_TIMEOUT", value, 1);
    openblas_read_env();
    if (previous == NULL) unsetenv("OPENBLAS_THREAD_TIMEOUT");
    blas_thread_shutdown_();
}

/// A spin-wait hint for the compute team's waiting threads (x86's pause: it
/// spares the memory system and the other core while a thread polls a flag).
static inline void gradlab_cpu_relax(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
}

// Square roots without errno. Swift's squareRoot() lowers to libm's sqrtf with a
// branch to set errno for negative input, which stops loops from vectorizing;
// the element-wise builtin is a plain sqrtps/sqrtpd (NaN for negative input).
static inline float gradlab_sqrtf(float x) { return __builtin_elementwise_sqrt(x); }
static inline double gradlab_sqrt(double x) { return __builtin_elementwise_sqrt(x); }
#endif
