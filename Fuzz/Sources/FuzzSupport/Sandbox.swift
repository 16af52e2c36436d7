import Dispatch
import GradEngine

#if canImport(Glibc)
    import Glibc
#endif

/// The fuzzers' shared set-up: a small memory budget and a private working
/// directory that is emptied after every input.
public enum FuzzSandbox {
    /// The tensor memory one input may hold (GradEngine's MemoryBudget).
    public static let memoryBudget = 32 << 20

    /// The private working directory (created once, under $TMPDIR or /tmp).
    public static let directory: String = {
        MemoryBudget.bytes = memoryBudget
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/gradlab-fuzz-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) })
        else {
            fatalError("cannot create a fuzzing directory under \(base)")
        }
        let path = String(cString: made)
        guard chdir(path) == 0 else { fatalError("cannot enter \(path)") }
        atexit {
            FuzzSandbox.empty()
            _ = rmdir(FuzzSandbox.directory)
        }
        return path
    }()

    /// Sets things up (once) and checks that the last input left nothing behind.
    public static func prepare() {
        _ = directory
    }

    /// Removes every file the last input wrote.
    public static func empty() {
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        for name in names { _ = unlink(directory + "/" + name) }
    }

    /// Checks that every tensor of the last input was freed: the memory budget
    /// counts live tensors, so a leak (a reference cycle holding a model) would
    /// make later inputs fail for want of memory. Traps, so libFuzzer keeps the input.
    public static func checkNoTensorsLeaked() {
        let left = MemoryBudget.inUse
        if left != 0 {
            fatalError("\(left) bytes of tensors are still alive after the input was run: a leak")
        }
    }
}

extension FuzzSandbox {
    /// Runs `body`; if it is still running after `seconds`, calls `cancel` every
    /// 20 ms until it returns. The interpreter checks its cancellation flag (what
    /// Ctrl-C sets) between statements, loop iterations and training steps, so
    /// heavy but legitimate work (a long `train`) ends as "interrupted" instead
    /// of tripping libFuzzer's much longer -timeout. A loop that never checks
    /// the flag still times out, and that is a finding.
    ///
    /// The watchdog is a thread of its own, joined before returning: a
    /// `DispatchQueue.async` block could still be alive when the process exits,
    /// which LeakSanitizer reports as a leak.
    public static func withDeadline(
        seconds: Double, cancel: @escaping () -> Void, _ body: () -> Void
    ) {
        let watch = Watchdog(seconds: seconds, cancel: cancel)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(watch).toOpaque()
        let started = pthread_create(
            &thread, nil,
            { raw in
                guard let raw = raw else { return nil }
                Unmanaged<Watchdog>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            }, context)
        if started != 0 { Unmanaged<Watchdog>.fromOpaque(context).release() }
        body()
        watch.done.signal()
        if started == 0 { pthread_join(thread, nil) }
    }
}

private final class Watchdog {
    let seconds: Double
    let cancel: () -> Void
    let done = DispatchSemaphore(value: 0)

    init(seconds: Double, cancel: @escaping () -> Void) {
        self.seconds = seconds
        self.cancel = cancel
    }

    func run() {
        if done.wait(timeout: .now() + seconds) == .timedOut {
            repeat { cancel() } while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut
        }
    }
}
