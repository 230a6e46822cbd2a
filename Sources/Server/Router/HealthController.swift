import Hummingbird
import AnalysisKit

/// `GET /health`: 200 while nothing has failed (degraded included), 503 once a component has failed,
/// so a load balancer or watchdog can act on the status code alone.
struct HealthController: Sendable {
    let status: any StatusSource

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: health)
    }

    @Sendable func health(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let report = HealthReport(components: await status.components())
        var response = try context.responseEncoder.encode(report, from: request, context: context)
        response.status = report.status == .failed ? .serviceUnavailable : .ok
        return response
    }
}
