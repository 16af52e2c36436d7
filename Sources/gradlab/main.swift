import GradShell

// The CPU is checked before anything runs engine code (compiled for x86-64-v3);
// `GradLabExit` holds every exit code and the message for this one.
guard cpuRunsEngine() else {
    GradLabExit.unavailable.terminate(printing: GradLabExit.unsupportedCPUMessage)
}
GradLabExit.terminate(GradLab.main(Array(CommandLine.arguments.dropFirst())))
