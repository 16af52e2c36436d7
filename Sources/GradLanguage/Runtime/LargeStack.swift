#if canImport(Glibc)
    import Glibc
#endif

/// Runs `body` on a thread with a large stack and waits for it.
///
/// A tree-walking interpreter recurses once per nested call and expression; the
/// main thread's 8 MiB would overflow long before `Interpreter.maxCallDepth`
/// (especially in a debug build). Only the pages actually used are committed.
public func withLargeStack(bytes: Int = 1 << 30, _ body: () -> Void) {
    withoutActuallyEscaping(body) { body in
        let box = StackBox(body)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, bytes)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(box).toOpaque()
        let started = pthread_create(
            &thread, &attributes,
            { raw in
                if let raw { Unmanaged<StackBox>.fromOpaque(raw).takeRetainedValue().body() }
                return nil
            }, context)
        if started == 0 {
            pthread_join(thread, nil)
        } else {
            // No thread to be had (resource limits): run here, on the ordinary stack.
            Unmanaged<StackBox>.fromOpaque(context).release()
            body()
        }
    }
}

/// The work handed to the large-stack thread, which runs it while the caller waits.
private final class StackBox: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
