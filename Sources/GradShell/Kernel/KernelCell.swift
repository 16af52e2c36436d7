/// A cell as the kernel runs it: its code, the name its errors show, and its number.
struct KernelCell {
    let code: String
    /// `In[n]` for a cell that stores history (as the REPL names entries),
    /// `<cell k>` for one that does not.
    let name: String
    /// Its `execution_count`.
    let number: Int
    /// Whether it stores history: only then is its value kept as `Out[n]` and `_`.
    let numbered: Bool
}
