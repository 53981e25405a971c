import Dispatch
import Synchronization

/// Runs async work to its end from synchronous code (the wizard's run loop is synchronous).
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            let value = try await work()
            result.withLock { $0 = .success(value) }
        } catch {
            result.withLock { $0 = .failure(error) }
        }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}

func runBlocking(_ work: @escaping @Sendable () async -> Void) {
    _ = try? runBlocking { () async throws -> Int in
        await work()
        return 0
    }
}
