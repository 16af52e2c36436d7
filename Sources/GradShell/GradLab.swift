/// The `gradlab` command line.
public enum GradLab {
    public static let version = "0.1.0"

    static let usage = """
    usage: gradlab bench [--preset tiny|mnist|wide|deep] [--steps N] [--threads T] [--stats] [--json]
           gradlab --version
    The .grad language, the REPL and walkthroughs are not built yet; `gradlab bench`
    is the command available in this version.
    """

    /// Runs the command line `arguments` (without the program name); returns the exit code.
    public static func main(_ arguments: [String]) -> Int32 {
        var out = StandardOutput(), err = StandardError()
        guard let command = arguments.first else {
            print(usage, to: &err)
            return 64
        }
        switch command {
        case "bench": return BenchCommand.run(Array(arguments.dropFirst()), output: &out, errors: &err)
        case "--version", "version":
            print("gradlab \(version)", to: &out)
            return 0
        case "-h", "--help", "help":
            print(usage, to: &out)
            return 0
        default:
            print("gradlab: unknown command '\(command)'\n\(usage)", to: &err)
            return 64
        }
    }
}
