import Dispatch
import Foundation

/// SIGINT and SIGTERM call `onStop` once (drain and commit); a second signal exits at once.
/// SIGHUP, when `onReload` is given, calls it every time (re-read the configuration).
///
/// Only `analyze` still uses it: `serve` and `dispatch` take their signals through ServiceGroup's configuration
/// (and `ReloadOnHangup`). Delete this file once `analyze` runs its camera in a service group.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(onStop: @escaping @Sendable () -> Void, onReload: (@Sendable () -> Void)? = nil) {
        let queue = DispatchQueue(label: "sharpeyes.signals")
        let count = SignalCount()
        var sources = [SIGINT, SIGTERM].map { number in
            Self.watch(number, on: queue) {
                if count.increment() > 1 {
                    FileHandle.standardError.write(Data("\nsecond signal: exiting without draining\n".utf8))
                    exit(130)
                }
                FileHandle.standardError.write(Data("\nstopping: finishing queued frames (again to abort)\n".utf8))
                onStop()
            }
        }
        if let onReload { sources.append(Self.watch(SIGHUP, on: queue, onReload)) }
        self.sources = sources
    }

    private static func watch(_ number: Int32, on queue: DispatchQueue,
                              _ handler: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
        source.setEventHandler(handler: handler)
        source.resume()
        return source
    }

    deinit { sources.forEach { $0.cancel() } }
}

/// Touched only on the watcher's serial queue.
private final class SignalCount: @unchecked Sendable {
    private var value = 0

    func increment() -> Int {
        value += 1
        return value
    }
}
