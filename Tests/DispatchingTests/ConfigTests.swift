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
        ("forces: [{id: a, name: A, type: command_centre}, {id: a, name: B, type: command_centre}]", "forces[1].id: 'a' is used twice"),
        ("forces: {not: a list}", "forces"),
    ])
    func invalidConfigNamesTheField(yaml: String, message: String) {
        #expect { try DispatchConfig(yaml: grid + yaml) } throws: { error in
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
