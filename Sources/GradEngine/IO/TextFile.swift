/// Atomic writes of text files other than models (plots saved as SVG).
public enum TextFile {
    /// Replaces the file at `path` with the UTF-8 `text`, atomically: readers
    /// see the old file or the new one, never a mix.
    public static func write(_ text: String, to path: String) throws(EngineError) {
        try AtomicFile.write(text, to: path)
    }
}
