import Foundation

/// A subprocess run on its own thread, for two that must run at once (the two
/// "machines" of a rendezvous wait for each other).
final class ConcurrentRun: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: (status: Int32, output: String) = (-1, "")

    init(_ body: @escaping @Sendable () -> (status: Int32, output: String)) {
        let thread = Thread { [self] in
            outcome = body()
            done.signal()
        }
        thread.start()
    }

    /// Waits for the run to finish; its exit status and output.
    func result() -> (status: Int32, output: String) {
        done.wait()
        return outcome
    }
}
