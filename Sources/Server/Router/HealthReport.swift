public import AnalysisKit

/// The body of `GET /health`: the worst component status, then every component.
public struct HealthReport: Codable, Sendable, Equatable {
    public var status: ComponentHealth.Status
    public var components: [ComponentHealth]

    public init(components: [ComponentHealth]) {
        self.components = components
        if components.contains(where: { $0.status == .failed }) {
            status = .failed
        } else if components.contains(where: { $0.status == .degraded }) {
            status = .degraded
        } else {
            status = .ok
        }
    }
}
