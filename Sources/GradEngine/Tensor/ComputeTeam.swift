import CBLAS
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Worker threads that split one short piece of work (a matrix product, an
/// optimizer update) with the calling thread, with a hand-off of well under a
/// microsecond: between jobs each worker polls a counter for about half a
/// millisecond before it sleeps, so the jobs of one training step find it
/// awake. (Dispatch's hand-off costs tens of microseconds, and OpenBLAS's own
/// threads, woken per product, lose to this on every product shape of the
/// benchmark presets; docs/performance.md.)
///
/// One caller at a time: the engine's training thread.
final class ComputeTeam: @unchecked Sendable {
    /// Bumped once per job; workers run the job of each new value.
    private let generation = Atomic<Int>(0)
    /// The next part of the current job to claim, as a ticket: the job's
    /// number (from bit 40), its part count (bits 20 to 39) and the part (bits
    /// 0 to 19); and the parts finished.
    private let next = Atomic<Int>(0)
    private var jobs = 0
    private let finished = Atomic<Int>(0)
    /// Workers asleep (or about to sleep) on `wake`.
    private let sleepers = Atomic<Int>(0)
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let wake: UnsafeMutablePointer<pthread_cond_t>
    /// The current job; written before its first ticket is.
    private var job: ((Int) -> Void)?
    /// Worker threads started so far (they run until the process ends).
    private(set) var workers = 0

    /// How long a worker polls for the next job before it sleeps.
    private static var pollSeconds: Double { 5e-4 }
    /// Polls with a pause before a waiting thread yields its core instead: on
    /// a quiet machine the yield returns at once, on a busy one it lets the
    /// thread being waited for run (pure spinning there costs whole time slices).
    private static var pausesBeforeYielding: Int { 64 }

    /// One poll of a wait loop, the `count`-th.
    @inline(__always)
    private static func relax(_ count: Int) {
        if count < pausesBeforeYielding { gradlab_cpu_relax() } else { sched_yield() }
    }

    /// The process's team.
    static let shared = ComputeTeam()

    private init() {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_mutex_t())
        pthread_mutex_init(lock, nil)
        wake = .allocate(capacity: 1)
        wake.initialize(to: pthread_cond_t())
        pthread_cond_init(wake, nil)
    }

    /// Runs `body(0)` … `body(parts − 1)` on the calling thread and the
    /// workers, and returns when all have finished. Parts must touch disjoint
    /// memory. Each thread claims the next part not yet taken, so a worker that
    /// is slow to wake (the machine busy with other jobs) leaves its part to
    /// the caller instead of holding it up: the split then costs little more
    /// than running the parts in turn.
    func run(_ parts: Int, _ body: (Int) -> Void) {
        guard parts > 1 else {
            if parts == 1 { body(0) }
            return
        }
        while workers < parts - 1 { startWorker() }
        withoutActuallyEscaping(body) { body in
            job = body
            finished.store(0, ordering: .relaxed)
            jobs &+= 1
            next.store((jobs << 40) | (parts << 20), ordering: .releasing)
            generation.add(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(lock)
                pthread_cond_broadcast(wake)
                pthread_mutex_unlock(lock)
            }
            runClaimedParts()
            var polls = 0
            while finished.load(ordering: .acquiring) < parts {
                Self.relax(polls)
                polls += 1
            }
            job = nil
        }
    }

    /// Runs parts of the current job until none is left to claim. A ticket
    /// carries its job's part count, so a thread that claims late, after its
    /// job has ended, finds nothing to run whatever job is set up by then.
    private func runClaimedParts() {
        while true {
            let ticket = next.wrappingAdd(1, ordering: .acquiringAndReleasing).oldValue
            let part = ticket & 0xFFFFF
            guard part < (ticket >> 20) & 0xFFFFF else { return }
            runPart(part)
            finished.add(1, ordering: .releasing)
        }
    }

    /// Runs one part. Its own function, so that this thread's reference to the
    /// job is gone before the part counts as finished (the caller then checks
    /// that the job, a non-escaping closure, has not escaped).
    @inline(never)
    private func runPart(_ part: Int) {
        job?(part)
    }

    private func startWorker() {
        workers += 1
        let start = WorkerStart(team: self, seen: generation.load(ordering: .acquiring))
        let context = Unmanaged.passRetained(start).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { context in
                guard let context else { return nil }
                let start = Unmanaged<WorkerStart>.fromOpaque(context).takeRetainedValue()
                start.team.work(seen: start.seen)
                return nil
            }, context)
        if started != 0 {
            // No thread: take the slot back; `run` then asks for it again, and
            // a machine that cannot start threads has bigger problems.
            Unmanaged<WorkerStart>.fromOpaque(context).release()
            workers -= 1
        } else {
            pthread_detach(thread)
        }
    }

    private final class WorkerStart {
        let team: ComputeTeam
        /// The generation when the worker was asked for: its first job is the next.
        let seen: Int
        init(team: ComputeTeam, seen: Int) {
            self.team = team
            self.seen = seen
        }
    }

    /// A worker's life: wait for a new generation, then claim and run parts.
    private func work(seen first: Int) {
        var seen = first
        while true {
            var polls = 0
            var started = 0.0
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                if polls == Self.pausesBeforeYielding { started = monotonicSeconds() }
                if polls < Self.pausesBeforeYielding || polls % 64 != 0
                    || monotonicSeconds() - started < Self.pollSeconds
                {
                    Self.relax(polls)
                    polls += 1
                } else {
                    pthread_mutex_lock(lock)
                    sleepers.add(1, ordering: .sequentiallyConsistent)
                    while generation.load(ordering: .sequentiallyConsistent) == seen {
                        pthread_cond_wait(wake, lock)
                    }
                    sleepers.subtract(1, ordering: .sequentiallyConsistent)
                    pthread_mutex_unlock(lock)
                }
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            runClaimedParts()
        }
    }
}
