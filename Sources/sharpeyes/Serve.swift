import ArgumentParser
import Foundation
import Logging
import Prometheus
import Server
import Service
import ServiceLifecycle
import Toolkit
import UnixSignals

extension SharpEyes {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run as a service: every camera of a configuration file, the status API and metrics, dispatch.",
            discussion: """
            SIGTERM or SIGINT drains every camera (queued frames are analysed and committed) and exits 0; a drain \
            that takes longer than \(Int(drainBound.components.seconds)) s is cancelled. SIGHUP re-reads the \
            configuration: added cameras start, removed ones drain and stop, changed ones restart, the others keep \
            running.
            """)

        /// How long a graceful shutdown may take before the group cancels what is still draining (it took the place
        /// of "a second signal exits at once"). Well inside systemd's default stop timeout of 90 s.
        static let drainBound = Duration.seconds(60)

        @Option(help: "The configuration file (YAML); see Examples/sharpeyes.yaml.")
        var config: String

        @Option(help: "Log level: trace, debug, info, notice, warning, error.")
        var logLevel: Logger.Level = .notice

        func run() async throws {
            let logger = makeLogger(level: logLevel)
            let settings = try ServeConfig(path: config)
            let registry = PrometheusCollectorRegistry()
            ServiceMetrics.bootstrap(registry: registry).announce(node: settings.node.id, roles: settings.node.roles.map(\.rawValue))
            let runtime = try await ServeRuntime(config: settings, configPath: config, logger: logger)
            let http = buildApplication(
                ServerSettings(host: settings.http.listen.host, port: settings.http.listen.port, timeouts: settings.http.timeouts,
                               servesAPI: settings.node.servesAPI),
                status: runtime.status, registry: registry, api: runtime.apiServices, logger: logger,
                onRunning: { SystemdNotifier.notify("READY=1") })
            let path = config
            // Shut down in reverse order: the notice and SIGHUP first, then the cameras drain, then delivery sends
            // what they committed, then HTTP.
            let services: [any Service] = [http] + runtime.services
                + [await ReloadOnHangup { await runtime.reload(from: path) }, StoppingNotice(logger: logger)]
            var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = Self.drainBound
            let node = settings.node, roles = node.roles.map(\.rawValue).sorted().joined(separator: " and ")
            let cameras = node.runsCameras ? settings.cameras.count : 0
            logger.notice("node \(node.id) (\(roles)): serving \(cameras) camera(s) on http://\(settings.http.listen)")
            try await ServiceGroup(configuration: group).run()
            await DedicatedThread.run { runtime.shutdown() }
        }
    }
}
