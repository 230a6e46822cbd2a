import Foundation
import Pipeline
import Yams

/// The top level: each section in turn, then the whole config if nothing was wrong.
extension ConfigReader {
    static let topLevelKeys = ["storage", "workers", "http", "recognition", "defaults", "cameras", "forces", "grids", "rules", "gb28181", "node", "alarms", "communities"]

    func config(from root: Node) -> ServeConfig? {
        guard let top = mapping(Field(node: root, path: ""), known: Self.topLevelKeys) else { return nil }
        let storage = storage(top)
        let workers = top["workers"].flatMap { integer($0, in: 1...WorkerPool.maxWorkers) } ?? Self.defaultWorkers
        let http = http(top["http"])
        let recognition = recognition(top["recognition"])
        let dispatch = dispatch(top, root: root)
        let defaults = cameraDefaults(top["defaults"])
        let modes = cameraModes(top["cameras"])
        var cameras = cameras(top["cameras"], defaults: defaults, grids: dispatch.gridIDs).map { $0.in(modes[$0.id]?.0 ?? .watch) }
        let communities = withDirections(communities(top["communities"], cameras: cameras, modes: modes, grids: dispatch.gridIDs),
                                         of: top["cameras"], modes: modes)
        cameras = placedInTheirCommunities(cameras, communities, section: top["cameras"])
        let gb28181 = gb28181(top["gb28181"], defaults: defaults)
        checkPorts(http: http, gb28181: gb28181, section: top["gb28181"])
        let node = node(top["node"])
        let alarms = alarms(top["alarms"], cameras: cameras, communities: communities)
        checkSealRules(alarms, communities: communities, dispatch: dispatch.config, rules: top["rules"])
        // Shared cameras (`cameras_from: database`) are claimed up to the capacity, not all run here.
        let own = storage?.postgres?.camerasFromDatabase == true ? [] : cameras
        checkNode(node, cameras: own, gb28181: top["gb28181"], section: top["node"])
        guard log.isEmpty, let storage, let config = dispatch.config else { return nil }
        var serveConfig = ServeConfig(
            storage: storage, workers: workers, http: http, recognition: recognition, cameras: cameras, dispatch: config,
            gb28181: gb28181, node: node, alarms: alarms
        )
        serveConfig.communities = communities
        return serveConfig
    }

    /// One worker per core, within the 1...`WorkerPool.maxWorkers` that `workers:` allows.
    static var defaultWorkers: Int {
        min(max(ProcessInfo.processInfo.activeProcessorCount, 1), WorkerPool.maxWorkers)
    }
}
