/// Where `gradlab kernel install` puts the kernelspec, among the places
/// `jupyter kernelspec list` looks.
enum KernelSpecScope: Equatable {
    /// The user's Jupyter data folder: `$JUPYTER_DATA_DIR`, else
    /// `$XDG_DATA_HOME/jupyter`, else `~/.local/share/jupyter` (jupyter_core's
    /// order on Linux).
    case user
    /// `DIR/share/jupyter`, for a Python environment or system prefix.
    case prefix(String)
    /// The active Python environment's prefix: `$VIRTUAL_ENV`, else
    /// `$CONDA_PREFIX` (where `jupyter kernelspec install --sys-prefix` puts
    /// it when Jupyter runs from that environment).
    case sysPrefix

    /// The kernels folder (`…/kernels`), or nil when the variables it is
    /// found from are not set (`missingPlace` says which).
    func kernelsFolder(environment: [String: String]) -> String? {
        switch self {
        case .prefix(let dir):
            return KernelSpecScope.joined(dir, "share/jupyter/kernels")
        case .sysPrefix:
            let prefix = [environment["VIRTUAL_ENV"], environment["CONDA_PREFIX"]]
                .compactMap { $0 }.first { !$0.isEmpty }
            return prefix.map { KernelSpecScope.joined($0, "share/jupyter/kernels") }
        case .user:
            if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty {
                return KernelSpecScope.joined(data, "kernels")
            }
            if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
                return KernelSpecScope.joined(xdg, "jupyter/kernels")
            }
            guard let home = environment["HOME"], !home.isEmpty else { return nil }
            return KernelSpecScope.joined(home, ".local/share/jupyter/kernels")
        }
    }

    /// Why `kernelsFolder` found no folder.
    var missingPlace: String {
        switch self {
        case .sysPrefix:
            "--sys-prefix needs an active venv (VIRTUAL_ENV) or conda environment (CONDA_PREFIX); give --prefix DIR"
        case .user, .prefix:
            "HOME is not set; give --prefix DIR or set JUPYTER_DATA_DIR"
        }
    }

    /// `base/rest`, without a doubled slash.
    static func joined(_ base: String, _ rest: String) -> String {
        base.hasSuffix("/") ? base + rest : base + "/" + rest
    }
}
