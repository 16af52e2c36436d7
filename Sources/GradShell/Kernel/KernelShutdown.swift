import GradEngine
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The kernel's stop signal, shared by its three threads: set by a
/// `shutdown_request` on either channel, looked at by every channel's loop
/// between polls.
final class KernelShutdown: Sendable {
    private let requested = Atomic<Bool>(false)
    /// The running cell's flag: a shutdown interrupts it.
    private let cancellation: CancellationFlag
    private let log: @Sendable (String) -> Void
    /// How long a cell that does not stop is waited for before the process
    /// ends anyway (the shutdown reply has long been sent by then).
    let graceSeconds: UInt32

    init(
        cancellation: CancellationFlag, graceSeconds: UInt32 = 3,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.cancellation = cancellation
        self.graceSeconds = graceSeconds
        self.log = log
    }

    var isRequested: Bool { requested.load(ordering: .acquiring) }

    /// Asks every channel to stop and the running cell to end. Should the
    /// cell not end within the grace period, the process exits with 0 from
    /// a watchdog thread.
    func begin() {
        guard !requested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        cancellation.cancel()
        let grace = graceSeconds
        let log = self.log
        _ = KernelThread.start {
            sleep(grace)
            log("the running cell did not stop within \(grace) s of shutdown: exiting")
            _exit(0)
        }
    }
}
