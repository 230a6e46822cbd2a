import Foundation
import Glibc
import Synchronization

extension PostgresCluster {
    /// The directories of the clusters started, for the exit handler (a C function pointer captures nothing), and
    /// whether that handler is registered.
    private static let running = Mutex<(directories: [URL], registered: Bool)>(([], false))

    /// A cluster of the calling suite's own, for a test that stops and restarts its server or needs TLS (a
    /// self-signed certificate for 127.0.0.1, `certificate`); removed at exit like the shared one.
    public static func startPrivate(tls: Bool = false) async throws -> PostgresCluster { try await start(tls: tls) }

    /// initdb, start, wait until the server accepts connections; on any failure the directory is removed.
    static func start(tls: Bool = false) async throws -> PostgresCluster {
        // As root, under /tmp whatever TMPDIR says: the postgres user must be able to reach the directory.
        let directory = URL(fileURLWithPath: asRoot ? "/tmp" : NSTemporaryDirectory())
            .appendingPathComponent("sharpeyes-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let password = (0..<24).map { _ in String("abcdefghijkmnopqrstuvwxyz23456789".randomElement()!) }.joined()
        do {
            let cluster = PostgresCluster(directory: directory, port: freePort(), password: password, tls: tls)
            if tls { try await cluster.makeCertificate() }
            try await cluster.initialise()
            try await cluster.startServer()
            return cluster
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// A cluster whose superuser has the password; unix-socket connections are trusted (the directory is private).
    private func initialise() async throws {
        let passwordFile = directory.appendingPathComponent("password")
        try Data(password.utf8).write(to: passwordFile)
        if Self.asRoot { try await runTool("/bin/chown", ["-R", "postgres:postgres", directory.path]) }
        try await Self.asServerUser("\(Self.binaries)/initdb", [
            "-D", dataDirectory, "-U", Self.user, "--pwfile=\(passwordFile.path)", "--auth-local=trust",
            "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        ])
        try FileManager.default.removeItem(at: passwordFile)
    }

    /// A self-signed certificate for 127.0.0.1 and its key (which the server wants readable by its user alone).
    private func makeCertificate() async throws {
        let key = directory.appendingPathComponent("server.key").path
        try await runTool("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate ?? "", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
    }

    /// Registers the cluster for removal at exit (and by a watchdog), then starts its server.
    private func startServer() async throws {
        let first = Self.running.withLock { running in
            running.directories.append(directory)
            defer { running.registered = true }
            return !running.registered
        }
        if first { atexit { PostgresCluster.stopAtExit() } }
        try Self.startWatchdog(directory: directory)
        try await restart()
    }

    /// Stops the server (fast: connections are closed), keeping its data: `restart()` brings it back on its port.
    public func stop() async throws {
        try await Self.asServerUser("\(Self.binaries)/pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "stop"])
    }

    /// Starts the server on loopback (durability off: a test database is thrown away) and waits for pg_isready.
    /// Commit times are kept (`pg_xact_commit_timestamp`), so a test can measure from a row's commit.
    public func restart() async throws {
        let tls = certificate.map { " -c ssl=on -c ssl_cert_file=\($0) -c ssl_key_file=\(directory.path)/server.key" } ?? ""
        let options = "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off "
            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c track_commit_timestamp=on" + tls
        try await Self.asServerUser("\(Self.binaries)/pg_ctl", [
            "-D", dataDirectory, "-l", directory.appendingPathComponent("server.log").path, "-o", options, "-w", "-t", "120",
            "start",
        ])
        let deadline = ContinuousClock.now + .seconds(120)
        while (try? await runTool("\(Self.binaries)/pg_isready", ["-q", "-h", "127.0.0.1", "-p", "\(port)"])) == nil {
            guard ContinuousClock.now < deadline else { throw CocoaError(.executableLoad, userInfo: [
                NSLocalizedDescriptionKey: "the test PostgreSQL on port \(port) did not become ready: see \(directory.path)/server.log",
            ]) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Stops the server and removes its directory (at exit: blocking is what an exit handler does; `system`, not
    /// Foundation's `Process`, whose completion needs threads that may be gone by then).
    private static func stopAtExit() {
        for directory in running.withLock({ $0.directories }) { _ = system(stopCommand(directory) + " >/dev/null 2>&1") }
    }

    /// Stops the server if its directory is still there, then removes the directory.
    private static func stopCommand(_ directory: URL) -> String {
        let data = directory.appendingPathComponent("data").path
        let pgctl = (asRoot ? "/sbin/runuser -u postgres -- " : "") + "\(binaries)/pg_ctl"
        return "if [ -d '\(data)' ]; then \(pgctl) -D '\(data)' -m immediate -w stop; rm -rf '\(directory.path)'; fi"
    }

    /// A detached shell that outlives this process: once the process is gone (however it ended), it stops the
    /// server and removes the directory.
    private static func startWatchdog(directory: URL) throws {
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        watchdog.arguments = ["/bin/sh", "-c", """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 0.5; done
            \(stopCommand(directory))
            """]
        watchdog.standardInput = FileHandle.nullDevice
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        try watchdog.run()
    }

    static var asRoot: Bool { getuid() == 0 }

    /// Runs a server tool as the `postgres` user when this process is root (initdb and postgres refuse root).
    private static func asServerUser(_ executable: String, _ arguments: [String]) async throws {
        if asRoot {
            try await runTool("/sbin/runuser", ["-u", "postgres", "--", executable] + arguments)
        } else {
            try await runTool(executable, arguments)
        }
    }
}
