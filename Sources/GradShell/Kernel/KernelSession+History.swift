/// `history_request`: the cells this kernel ran with `store_history`.
extension KernelSession {
    /// The session's entries, as `history_request` asks for them: the last
    /// `count`, a range of execution counts, or those matching a glob
    /// pattern (`*`, `?`), each input once with `unique`; oldest first.
    func history(_ access: KernelHistoryAccess) -> [KernelHistoryEntry] {
        history.entries(access)
    }
}
