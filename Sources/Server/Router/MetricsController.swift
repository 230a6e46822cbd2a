import Hummingbird
import Prometheus

/// `GET /metrics`: the Prometheus text exposition format.
struct MetricsController: Sendable {
    let registry: PrometheusCollectorRegistry

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get(use: metrics)
    }

    @Sendable func metrics(_ request: Request, context: ServerRequestContext) throws -> Response {
        _ = try context.caller(needing: .operations)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * 1024)
        registry.emit(into: &bytes)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
