/// A `:command` entry as the REPL and the Jupyter kernel read it: the word
/// after the colon, and the rest of the entry as its argument.
struct MetaCommand: Equatable {
    /// `vars` in `:vars`.
    let name: String
    /// What follows the name, trimmed: `train(net, data)` in `:time train(net, data)`.
    let argument: String

    /// The command `entry` is, or nil when it does not start with `:`.
    init?(_ entry: String) {
        let line = entry.trimmingCharacters()
        guard line.hasPrefix(":") else { return nil }
        let body = line.dropFirst()
        name = String(body.prefix { $0 != " " && $0 != "\t" && $0 != "\n" })
        argument = String(body.dropFirst(name.count)).trimmingCharacters()
    }
}
