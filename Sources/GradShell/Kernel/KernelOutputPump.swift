import Dispatch
import Synchronization

/// Carries a cell's outputs from the thread that runs the cell to the thread
/// that called `KernelSession.execute`, which publishes them in order as they
/// come: the transport gets every output on its own thread, while the cell
/// runs.
///
/// The interpreter runs on threads of its own (a large-stack thread; the
/// workers of `try_remedies`), so its hooks only `send` here; one pump serves
/// one cell.
final class KernelOutputPump: Sendable {
    private let queue = Mutex<[KernelOutput]>([])
    private let finished = Atomic<Bool>(false)
    /// Signalled once per output sent, and once when the work ends.
    private let wakeups = DispatchSemaphore(value: 0)

    /// Queues `output` for publishing; callable from any thread.
    func send(_ output: KernelOutput) {
        queue.withLock { $0.append(output) }
        wakeups.signal()
    }

    /// Runs `work` on another thread and, on this one, passes each output it
    /// sends to `publish` until it ends. Returns when `work` has ended and
    /// every output it sent is published.
    func run(_ work: () -> Void, publish: (KernelOutput) -> Void) {
        withoutActuallyEscaping(work) { work in
            let job = PumpJob(work)
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                job.run()
                finished.store(true, ordering: .releasing)
                wakeups.signal()
            }
            while true {
                wakeups.wait()
                // Read before draining: once it is set, nothing more is sent.
                let done = finished.load(ordering: .acquiring)
                let batch = queue.withLock { queued in
                    defer { queued.removeAll() }
                    return queued
                }
                for output in batch { publish(output) }
                if done { break }
            }
        }
    }
}

/// The work a pump hands to another thread, which runs it while the pump waits.
private final class PumpJob: @unchecked Sendable {
    private var body: (() -> Void)?
    init(_ body: @escaping () -> Void) { self.body = body }

    /// Runs the work once, then lets go of it: the pump's caller owns it
    /// (`withoutActuallyEscaping` checks that nothing keeps it), and this
    /// job may outlive the wait by a moment on its queue.
    func run() {
        body?()
        body = nil
    }
}
