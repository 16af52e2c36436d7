#if canImport(Glibc)
    import Glibc
#endif

/// The kernel's background threads (heartbeat, control), as plain POSIX
/// threads: Foundation's `Thread` would cost the start-up time the project
/// avoids.
enum KernelThread {
    /// Runs `body` on a new thread; nil when no thread could be had.
    static func start(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { raw in
                if let raw { Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().body() }
                return nil
            }, context)
        guard started == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            return nil
        }
        return thread
    }

    /// Waits for `thread` to end.
    static func join(_ thread: pthread_t) { pthread_join(thread, nil) }
}

/// The work handed to a new thread.
private final class ThreadBody: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}
