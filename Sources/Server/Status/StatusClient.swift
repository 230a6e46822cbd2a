import AsyncHTTPClient
public import AnalysisKit
import Foundation
import NIOCore
import NIOHTTP1

/// What `sharpeyes status` uses to ask a running `sharpeyes serve` for its cameras.
public enum StatusClient {
    /// `GET <baseURL>/api/cameras`, decoded.
    ///
    /// ```swift
    /// let cameras = try await StatusClient.fetchCameras(baseURL: "http://127.0.0.1:8080", token: secret)
    /// print(StatusTable.render(cameras), terminator: "")
    /// ```
    /// - Throws: `StatusClientError`, e.g. "cannot reach http://127.0.0.1:8080: connection refused".
    public static func fetchCameras(baseURL: String, token: String, timeout: Duration = .seconds(5)) async throws -> [CameraStatus] {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else { throw StatusClientError.invalidURL(baseURL) }
        let body = try await get(base + "/api/cameras", origin: base, token: token, timeout: timeout)
        do {
            return try StatusJSON.decoder().decode([CameraStatus].self, from: body)
        } catch {
            throw StatusClientError.invalidResponse(base, reason: "\(error)")
        }
    }

    static func get(_ url: String, origin: String, token: String, timeout: Duration) async throws -> Data {
        // A one-off client that fails at the first refused connection instead of retrying until the deadline.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .init(timeout), read: .init(timeout))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let body = try await send(url, origin: origin, token: token, timeout: timeout, client: client)
            try await client.shutdown()
            return body
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func send(_ url: String, origin: String, token: String, timeout: Duration, client: HTTPClient) async throws -> Data {
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Accept", value: "application/json")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            response = try await client.execute(request, timeout: .init(timeout))
            body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        } catch {
            throw StatusClientError.unreachable(origin, reason: ConnectionFailure.reason(for: error))
        }
        guard response.status == .ok else {
            let message = try? StatusJSON.decoder().decode(ErrorBody.self, from: Data(body.readableBytesView)).error
            throw StatusClientError.httpStatus(origin, status: Int(response.status.code), message: message)
        }
        return Data(body.readableBytesView)
    }
}
