import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// The kernelspec that makes GradLab a kernel Jupyter lists: a folder with
/// `kernel.json` (how to start the kernel) and the logo at two sizes.
enum KernelSpec {
    /// The folder name, and the kernel's name in Jupyter, unless `--name` says otherwise.
    static let defaultName = "gradlab"
    /// The files `install` writes; `uninstall` removes exactly these.
    static let fileNames = ["kernel.json", "logo-32x32.png", "logo-64x64.png"]

    /// Whether `name` can name a kernel: Jupyter allows ASCII letters,
    /// digits, `.`, `_` and `-`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { c in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
                    || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
            }
    }

    /// kernel.json for the gradlab binary at `executable` (an absolute path).
    static func kernelJSON(executable: String) -> String {
        let spec: JSONValue = .object([
            JSONMember(
                "argv",
                .array(
                    [executable, "kernel", "-f", "{connection_file}"].map { .string($0) })),
            JSONMember("display_name", .string("GradLab")),
            JSONMember("language", .string("grad")),
            JSONMember("interrupt_mode", .string("message")),
            JSONMember(
                "metadata",
                .object([
                    JSONMember("debugger", .bool(false)),
                    JSONMember("gradlab_version", .string(gradLabVersion)),
                ])),
        ])
        return spec.indentedText(step: 2) + "\n"
    }

    /// Writes the kernelspec into `folder` (made, with its parents, when
    /// missing; files there are replaced). The error says what could not be written.
    static func install(into folder: String, executable: String) -> Result<
        Void, KernelCommandFailure
    > {
        if let problem = makeFolders(folder) { return .failure("\(problem)") }
        do throws(EngineError) {
            try AtomicFile.write(
                kernelJSON(executable: executable), to: folder + "/" + fileNames[0])
            try AtomicFile.write(KernelLogo.png32, to: folder + "/" + fileNames[1])
            try AtomicFile.write(KernelLogo.png64, to: folder + "/" + fileNames[2])
        } catch {
            return .failure("\(error.description)")
        }
        return .success(())
    }

    /// What `uninstall` did.
    enum Removal: Equatable {
        /// The files and the folder are gone.
        case removed
        /// The files are gone; the folder stays because it holds others.
        case filesRemovedFolderKept
    }

    /// Removes the kernelspec in `folder`: its files, then the folder if
    /// nothing else is in it. Fails when there is no kernel.json there.
    static func uninstall(from folder: String) -> Result<Removal, KernelCommandFailure> {
        var info = stat()
        guard stat(folder + "/kernel.json", &info) == 0 else {
            return .failure("no kernelspec in \(folder)")
        }
        for name in fileNames {
            let path = folder + "/" + name
            if unlink(path) != 0 && errno != ENOENT {
                return .failure("cannot remove \(path): \(FileReadFailure.systemReason(errno))")
            }
        }
        if rmdir(folder) == 0 { return .success(.removed) }
        if errno == ENOTEMPTY || errno == EEXIST { return .success(.filesRemovedFolderKept) }
        return .failure("cannot remove \(folder): \(FileReadFailure.systemReason(errno))")
    }

    /// Makes `path` and its missing parents; nil when done, else why not.
    static func makeFolders(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                return "cannot make \(prefix): \(FileReadFailure.systemReason(errno))"
            }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            return "cannot make \(path): it is not a folder"
        }
        return nil
    }

    /// The absolute path of the running gradlab binary (/proc/self/exe).
    static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
