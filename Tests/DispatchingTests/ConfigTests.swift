import Dispatching
import Testing

struct ConfigTests {
    private let grid = "grids: [{id: A, polygon: [[0, 0], [1, 0], [1, 1]]}]\n"

    @Test(arguments: [
        ("forces: [{id: p, name: P, type: patrol, position: [95, 10]}]", "forces[0].position: latitude 95.0 is not within ±90"),
        ("forces: [{id: p, name: P, type: patrol}]", "forces[0].position: a patrol needs a position"),
        ("forces: [{id: w, name: W, type: grid_worker, grid: Z}]", "forces[0].grid: no grid 'Z'"),
        ("forces: [{id: p, name: P, type: tank, position: [1, 1]}]", "forces[0].type"),
        ("forces: [{id: p, name: P, type: patrol, position: [1, 1], webhook: {url: ftp://x, secret: 0123456789abcdef}}]",
         "forces[0].webhook.url"),
        ("forces: [{id: p, name: P, type: patrol, position: [1, 1], webhook: {url: 'http://x', secret: short}}]",
         "forces[0].webhook.secret: use at least 16 characters"),
        ("rules: [{name: r, send: []}]", "rules[0].send: empty"),
        ("rules: [{name: r, send: [{type: patrol, units: 0}]}]", "rules[0].send[0].units: must be 1 or more"),
        ("rules: [{send: [{type: patrol}]}]", "rules[0].name: missing"),
        ("rules: [{name: r, when: {severity: [high, urgent]}, send: [{type: patrol}]}]",
         "rules[0].when.severity[1]: severity must be low, medium, high or critical, got 'urgent'"),
        ("forces: [{id: a, name: A, type: command_centre}, {id: a, name: B, type: command_centre}]", "forces[1].id: 'a' is used twice"),
        ("forces: {not: a list}", "forces"),
    ])
    func invalidConfigNamesTheField(yaml: String, message: String) {
        #expect { try DispatchConfig(yaml: grid + yaml) } throws: { error in
            "\(error)".contains(message)
        }
    }

    private static func patrol(url: String) -> String {
        "forces: [{id: p, name: P, type: patrol, position: [1, 1], webhook: {url: '\(url)', secret: 0123456789abcdef}}]"
    }

    /// URLs AsyncHTTPClient would trap on (port out of range), quietly send elsewhere (a port too long to read goes
    /// to 80) or refuse at every send.
    @Test(arguments: [
        ("http://127.0.0.1:99999/alerts", "port 99999 is not within 1...65535"),
        ("http://127.0.0.1:0/alerts", "port 0 is not within 1...65535"),
        ("http://x:999999999999999999999/", "port 999999999999999999999 is not within 1...65535"),
        ("http:///alerts", "no host"),
        ("http://:8080/alerts", "no host"),
        ("ftp://x/alerts", "not an http(s) URL"),
        ("unit-1.example/alerts", "not a URL"),
        ("http://exa mple.com/", "not a URL"),
    ])
    func unusableWebhookURLIsRefusedNamingTheField(url: String, problem: String) {
        #expect { try DispatchConfig(yaml: grid + Self.patrol(url: url)) } throws: { error in
            "\(error)".contains("forces[0].webhook.url: '\(url)' cannot be used: \(problem)")
        }
    }

    @Test(arguments: ["http://127.0.0.1:65535/a", "HTTPS://Unit-1.example/alerts?x=1", "http://[::1]:8080/a", "http://user@host:80/"])
    func usableWebhookURLIsAccepted(url: String) throws {
        _ = try DispatchConfig(yaml: grid + Self.patrol(url: url))
    }

    @Test(arguments: [
        ("forces: [{id: p, name: P, type: patrol, position: [.nan, 10]}]", "forces[0].position: latitude nan is not a finite number"),
        ("forces: [{id: p, name: P, type: patrol, position: [10, -.inf]}]", "forces[0].position: longitude -inf is not a finite number"),
        ("rules: [{name: r, send: [{type: patrol}], acknowledge_within: .nan}]", "rules[0].acknowledge_within: nan is not a number of seconds"),
        ("rules: [{name: r, send: [{type: patrol}], acknowledge_within: .inf}]", "rules[0].acknowledge_within: inf is not a number of seconds"),
        ("rules: [{name: r, send: [{type: patrol}], acknowledge_within: 0}]", "rules[0].acknowledge_within: 0.0 is not a number of seconds"),
        ("rules: [{name: r, send: [{type: patrol, units: .nan}]}]", "rules[0].send[0].units"),
        ("rules: [{name: r, send: [{type: patrol}], escalate: [[{type: patrol, units: .inf}]]}]", "rules[0].escalate[0][0].units"),
    ])
    func notANumberOrInfinityIsRefusedNamingTheField(yaml: String, message: String) {
        #expect { try DispatchConfig(yaml: grid + yaml) } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test(arguments: [
        ("grids: [{id: A, polygon: [[0, 0], [.nan, 0], [1, 1]]}]", "grids[0].polygon[1]: longitude nan is not a finite number"),
        ("grids: [{id: A, polygon: [[0, 0], [1, .inf], [1, 1]]}]", "grids[0].polygon[1]: latitude inf is not a finite number"),
        ("grids: [{id: A, polygon: [[0, 0], [1, 95], [1, 1]]}]", "grids[0].polygon[1]: latitude 95.0 is not within ±90"),
        ("grids: [{id: A, polygon: [[0, 0], [1, 0], [1, 1]]}, {id: A, polygon: [[2, 2], [3, 2], [3, 3]]}]",
         "grids[1].id: 'A' is used twice"),
        ("""
         grids: [{id: A, polygon: [[0, 0], [1, 0], [1, 1]]}, {id: A, polygon: [[2, 2], [3, 2], [3, 3]]}]
         forces: [{id: w, name: W, type: grid_worker, grid: A}]
         """, "grids[1].id: 'A' is used twice"),
    ])
    func badGridIsRefusedAsAGridError(yaml: String, message: String) {
        #expect { try DispatchConfig(yaml: yaml) } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func validConfigParses() throws {
        let config = try DispatchConfig(yaml: grid + """
        forces: [{id: c, name: Centre, type: command_centre}]
        rules: [{name: all, send: [{type: command_centre}], acknowledge_within: 30}]
        """)
        #expect(config.rules.first?.timeout == 30)
        #expect(config.force(id: "c")?.isAvailable == true)
    }
}
