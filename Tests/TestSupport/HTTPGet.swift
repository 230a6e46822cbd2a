import Foundation

/// A request with curl (so the tests do not depend on an HTTP client library's behaviour): the status (0 when
/// nothing answered) and the body. `token` becomes `Authorization: Bearer`; `body` is sent as is, or `form`
/// fields as multipart (`name=value`, `name=@file`).
public func http(_ method: String = "GET", _ url: String, token: String? = nil, headers: [String] = [],
                 body: String? = nil, form: [String] = [], timeout: Double = 5) async -> (status: Int, body: String) {
    let arguments = curlArguments(method, url, token: token, headers: headers, body: body, form: form, timeout: timeout)
    guard let child = try? await ChildProcess.start("/usr/bin/curl", arguments) else { return (0, "") }
    await child.exit(timeout: timeout + 2)
    return curlAnswer(child.stdout)
}

private func curlArguments(_ method: String, _ url: String, token: String?, headers: [String], body: String?,
                           form: [String], timeout: Double) -> [String] {
    var arguments = ["-s", "-m", "\(Int(timeout))", "-X", method, "-w", "\n%{http_code}"]
    if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
    for header in headers { arguments += ["-H", header] }
    if let body { arguments += ["--data-binary", body] }
    for field in form { arguments += ["-F", field] }
    return arguments + ["--", url]
}

/// The status curl wrote on the last line, and the body above it.
private func curlAnswer(_ stdout: String) -> (status: Int, body: String) {
    var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let status = Int(lines.popLast() ?? "") ?? 0
    return (status, lines.joined(separator: "\n"))
}

/// `GET url`, see `http`.
public func httpGet(_ url: String, token: String? = nil, timeout: Double = 5) async -> (status: Int, body: String) {
    await http("GET", url, token: token, timeout: timeout)
}

/// The JSON array or object a GET returns, or nil.
public func httpJSON(_ url: String, token: String? = nil) async -> Any? {
    let (status, body) = await httpGet(url, token: token)
    guard status == 200 else { return nil }
    return try? JSONSerialization.jsonObject(with: Data(body.utf8))
}
