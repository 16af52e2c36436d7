#if canImport(Glibc)
import Glibc
#endif
import GradShell

exit(GradLab.main(Array(CommandLine.arguments.dropFirst())))
