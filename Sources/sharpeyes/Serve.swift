import ArgumentParser
import Foundation
import Logging
import Pipeline
import Prometheus
import Server
import Service
import ServiceLifecycle

extension SharpEyes {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run as a service: every camera of a configuration file, the status API and metrics, dispatch.",
            discussion: """
            SIGTERM or SIGINT drains every camera (queued frames are analysed and committed) and exits 0; a second \
            signal exits at once. SIGHUP re-reads the configuration: added cameras start, removed ones drain and stop, \
            changed ones restart, the others keep running.
            """)

        @Option(help: "The configuration file (YAML); see Examples/sharpeyes.yaml.")
        var config: String

        @Option(help: "Log level: trace, debug, info, notice, warning, error.")
        var logLevel: Logger.Level = .notice

        func run() async throws {
            let logger = makeLogger(level: logLevel)
            let settings: ServeConfig
            do { settings = try ServeConfig(path: config) } catch { fail("\(error)") }
            let registry = PrometheusCollectorRegistry()
            _ = ServiceMetrics.bootstrap(registry: registry)
            let runtime: ServeRuntime
            do { runtime = try await ServeRuntime(config: settings, logger: logger) } catch { fail("\(error)") }
            let http = buildApplication(
                ServerSettings(host: settings.http.listen.host, port: settings.http.listen.port, timeouts: settings.http.timeouts),
                status: runtime.status, registry: registry, api: runtime.apiServices, logger: logger,
                onRunning: { SystemdNotifier.notify("READY=1") })
            // Shut down in reverse order: cameras drain first, then delivery sends what they committed, then HTTP.
            let group = ServiceGroup(services: [http] + runtime.services, logger: logger)
            let path = config
            let signals = SignalWatcher(onStop: {
                SystemdNotifier.notify("STOPPING=1")
                Task { await group.triggerGracefulShutdown() }
            },
                                        onReload: { Task { await runtime.reload(from: path) } })
            logger.notice("serving \(settings.cameras.count) camera(s) on http://\(settings.http.listen)")
            do { try await group.run() } catch { fail("\(error)") }
            await runOnThread { runtime.shutdown() }
            withExtendedLifetime(signals) {}
        }
    }
}
