/// The names `/metrics` exports. Prometheus queries and dashboards depend on them: rename with care.
public enum MetricName {
    public static let framesDecoded = "sharpeyes_frames_decoded_total"
    public static let framesSampled = "sharpeyes_frames_sampled_total"
    public static let framesAnalysed = "sharpeyes_frames_analysed_total"
    public static let framesDropped = "sharpeyes_frames_dropped_total"
    public static let decodeErrors = "sharpeyes_decode_errors_total"
    public static let reconnects = "sharpeyes_reconnects_total"
    public static let sightings = "sharpeyes_sightings_total"
    public static let sightingsLost = "sharpeyes_sightings_lost_total"
    public static let incidents = "sharpeyes_incidents_total"
    public static let queueDepth = "sharpeyes_queue_depth"
    public static let cameraUp = "sharpeyes_camera_up"
    /// Frames analysed per frame the sampler wanted, over the last few seconds: below 1, the camera is starved.
    public static let analysedRatio = "sharpeyes_camera_analysed_ratio"
    public static let stageSeconds = "sharpeyes_stage_seconds"
    public static let outboxPending = "sharpeyes_outbox_pending"
    public static let outboxFailed = "sharpeyes_outbox_failed"
    /// 1, labelled with the node's id and roles: which node a scrape came from.
    public static let nodeInfo = "sharpeyes_node_info"
}
