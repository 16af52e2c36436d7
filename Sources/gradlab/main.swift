import GradShell

#if canImport(Glibc)
    import Glibc
#endif

guard cpuRunsEngine() else {
    let message =
        "gradlab: this build needs an x86-64-v3 CPU (AVX2 and FMA: Intel Haswell, AMD Zen or newer)\n"
    _ = message.withCString { write(2, $0, strlen($0)) }
    exit(69)
}
exit(GradLab.main(Array(CommandLine.arguments.dropFirst())))
