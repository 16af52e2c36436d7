#if canImport(Glibc)
    import Glibc
#endif

/// `gradlab kernel`: run as a Jupyter kernel (`-f CONNECTION_FILE`), or
/// install and uninstall the kernelspec that makes Jupyter offer GradLab.
enum KernelCommand {
    static let usage = """
        usage: gradlab kernel -f CONNECTION_FILE                                   run as a Jupyter kernel (Jupyter starts it so)
               gradlab kernel install [--user | --prefix DIR | --sys-prefix] [--name NAME]
                                                                                   write the kernelspec Jupyter lists
               gradlab kernel uninstall [the same options]                         remove it
        --user (the default) is the user's Jupyter data folder ($JUPYTER_DATA_DIR,
        else ~/.local/share/jupyter); --prefix DIR is DIR/share/jupyter (a venv,
        /usr/local...); --sys-prefix is the active venv's ($VIRTUAL_ENV, or
        $CONDA_PREFIX). NAME defaults to gradlab. docs/jupyter.md has more.
        """

    /// Runs `gradlab kernel ARGUMENTS`; `environment` supplies HOME,
    /// JUPYTER_DATA_DIR and XDG_DATA_HOME for the user's folder.
    static func run(
        _ arguments: [String], output: (String) -> Void, errors: inout some TextOutputStream,
        environment: [String: String]
    ) -> GradLabExit {
        switch arguments.first {
        case "-f", "--f":
            guard arguments.count == 2 else {
                return fail(.usage, "gradlab kernel -f: expected one CONNECTION_FILE", &errors)
            }
            return serve(connectionFile: arguments[1], errors: &errors)
        case "install", "uninstall":
            let command = arguments[0]
            let options: (scope: KernelSpecScope, name: String)
            switch parseSpecOptions(Array(arguments.dropFirst())) {
            case .failure(let message):
                return fail(.usage, "gradlab kernel \(command): \(message)", &errors)
            case .success(let parsed): options = parsed
            }
            guard let kernels = options.scope.kernelsFolder(environment: environment) else {
                return fail(
                    .usage, "gradlab kernel \(command): \(options.scope.missingPlace)",
                    withUsage: false, &errors)
            }
            let folder = kernels + "/" + options.name
            return command == "install"
                ? install(into: folder, output: output, errors: &errors)
                : uninstall(from: folder, output: output, errors: &errors)
        case nil:
            return fail(
                .usage, "gradlab kernel: expected -f CONNECTION_FILE, install or uninstall",
                &errors)
        case "-h", "--help", "help":
            output(usage)
            return .ok
        case let other?:
            if other.hasPrefix("--f=") {
                return serve(connectionFile: String(other.dropFirst(4)), errors: &errors)
            }
            return fail(.usage, "gradlab kernel: unknown argument '\(other)'", &errors)
        }
    }

    /// The variables the kernelspec's place depends on, as this process has them.
    static func processEnvironment() -> [String: String] {
        var out: [String: String] = [:]
        for name in ["HOME", "JUPYTER_DATA_DIR", "XDG_DATA_HOME", "VIRTUAL_ENV", "CONDA_PREFIX"] {
            if let value = getenv(name) { out[name] = String(cString: value) }
        }
        return out
    }

    /// Prints `message` (and the usage unless `withUsage` is false); returns `exit`.
    private static func fail(
        _ exit: GradLabExit, _ message: String, withUsage: Bool = true,
        _ errors: inout some TextOutputStream
    ) -> GradLabExit {
        print(withUsage ? "\(message)\n\(usage)" : message, to: &errors)
        return exit
    }

    /// `--user`, `--prefix DIR`, `--sys-prefix` (one of them), `--name NAME`.
    static func parseSpecOptions(_ arguments: [String]) -> Result<
        (scope: KernelSpecScope, name: String), KernelCommandFailure
    > {
        var scope: KernelSpecScope?
        var name = KernelSpec.defaultName
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--user", "--sys-prefix", "--prefix":
                let chosen: KernelSpecScope
                if arguments[i] == "--prefix" {
                    guard i + 1 < arguments.count, !arguments[i + 1].isEmpty else {
                        return .failure("--prefix needs a folder")
                    }
                    chosen = .prefix(arguments[i + 1])
                    i += 1
                } else {
                    chosen = arguments[i] == "--user" ? .user : .sysPrefix
                }
                if let scope, scope != chosen {
                    return .failure("--user, --prefix and --sys-prefix exclude each other")
                }
                scope = chosen
            case "--name":
                guard i + 1 < arguments.count, KernelSpec.isValidName(arguments[i + 1]) else {
                    return .failure(
                        "--name needs a kernel name of letters, digits, '.', '_' and '-'")
                }
                name = arguments[i + 1]
                i += 1
            default:
                return .failure("unknown option '\(arguments[i])'")
            }
            i += 1
        }
        return .success((scope ?? .user, name))
    }

    private static func install(
        into folder: String, output: (String) -> Void, errors: inout some TextOutputStream
    ) -> GradLabExit {
        guard let executable = KernelSpec.executablePath() else {
            return fail(
                .cannotCreate,
                "gradlab kernel install: cannot tell where the gradlab binary is (/proc/self/exe)",
                withUsage: false, &errors)
        }
        switch KernelSpec.install(into: folder, executable: executable) {
        case .failure(let message):
            return fail(
                .cannotCreate, "gradlab kernel install: \(message)", withUsage: false, &errors)
        case .success:
            output("installed the GradLab kernel in \(folder) (it runs \(executable))")
            return .ok
        }
    }

    private static func uninstall(
        from folder: String, output: (String) -> Void, errors: inout some TextOutputStream
    ) -> GradLabExit {
        switch KernelSpec.uninstall(from: folder) {
        case .failure(let message):
            return fail(.noInput, "gradlab kernel uninstall: \(message)", withUsage: false, &errors)
        case .success(.removed):
            output("removed the GradLab kernel from \(folder)")
        case .success(.filesRemovedFolderKept):
            output("removed the GradLab kernel's files from \(folder) (the folder holds others)")
        }
        return .ok
    }

    /// Serves as a kernel until Jupyter shuts it down.
    private static func serve(connectionFile: String, errors: inout some TextOutputStream)
        -> GradLabExit
    {
        let connection: KernelConnection
        switch KernelConnection.load(connectionFile) {
        case .failure(let problem):
            return fail(
                problem.isUnreadable ? .noInput : .badConnectionFile,
                "gradlab kernel: cannot use the connection file \(connectionFile): \(problem)",
                withUsage: false, &errors)
        case .success(let c): connection = c
        }
        let session = KernelSession()
        let log: @Sendable (String) -> Void = { line in
            var err = StandardError()
            print("gradlab kernel: \(line)", to: &err)
        }
        switch KernelServer.start(connection, session: session, log: log) {
        case .failure(let failure):
            return fail(.cannotListen, "gradlab kernel: \(failure)", withUsage: false, &errors)
        case .success(let server):
            // Clients that interrupt with SIGINT rather than a message.
            Interrupts.install()
            server.serve(forwardingSIGINT: true)
            return .ok
        }
    }
}
