// Labels in Chinese and English; the choice is kept in localStorage (it is not a secret).
const labels = {
  zh: {
    skip: "跳到内容", signIn: "登录", signOut: "退出", token: "API 令牌",
    badToken: "令牌无效或已吊销。", unreachable: "无法连接服务器。", language: "English", soundOn: "声音：开", soundOff: "声音：关",
    live: "实时警报", history: "事件历史", trajectory: "轨迹", cameras: "摄像头", watchlists: "布控名单",
    feedLive: "实时连接", feedDown: "重新连接中…", feedNone: "",
    noAlerts: "暂无警报。新事件将出现在顶部。", newAlert: "新警报", earlier: "较早的未处理事件",
    forbidden: "您的角色无权查看此页面。", notFound: "未找到。", failed: "请求失败：",
    noImage: "无图像", redacted: "已隐藏", camera: "摄像头", kind: "类型", type: "事件类型", severity: "级别",
    status: "状态", watchlist: "名单", plate: "车牌", fuzzy: "容错", grid: "网格", from: "起始", to: "截止",
    order: "顺序", newest: "最新优先", oldest: "最早优先", any: "全部", search: "查询", reset: "重置",
    exportCsv: "导出 CSV", more: "加载更多", results: "条结果", time: "时间", subject: "对象", reason: "原因",
    identity: "人员", sightings: "次目击", incident: "事件", bestFrame: "最佳画面", crop: "特写", reads: "识别结果",
    orders: "调度指令", noOrders: "无调度指令。", force: "力量", state: "状态", transitions: "流转", actor: "操作人",
    note: "备注", ack: "确认接警", onScene: "到达现场", resolve: "处置完毕", done: "已完成", showTrajectory: "查看轨迹",
    deadline: "期限", distance: "距离", seconds: "用时", speed: "速度", impossible: "不可能（疑似套牌）",
    points: "经过点", legs: "路段", trajectoryHelp: "输入车牌（可用 * ?）或人员编号。", identityId: "人员编号",
    truncated: "超过 1000 个点，请缩小时间范围。", noPoints: "没有经过记录。", speedLimit: "速度上限",
    name: "名称", input: "输入帧率", analysed: "分析帧率", decoded: "已解码", dropped: "丢帧", reconnects: "重连",
    lastFrame: "最后一帧", lastError: "最后错误", refreshed: "每 3 秒刷新",
    liveView: "实时画面", watchLive: "看实时", liveEnded: "实时画面已断开，正在重连…", liveUnsupported: "此浏览器无法播放该摄像头的编码：每秒显示一帧当前画面", clip: "录像片段", hitMoment: "命中时刻",
    plates: "车牌布控", faces: "人脸布控", add: "添加", remove: "移除", import: "导入 CSV", list: "名单",
    photo: "照片", listed: "已添加", removed: "已移除", imported: "已导入", confirmRemove: "确定移除？",
    plateFace: "车牌", face: "人脸", motion: "移动", watchlist_hit: "名单命中", cloned_plate: "套牌", alarm: "报警",
    low: "低", medium: "中", high: "高", critical: "紧急", open: "未处理", acknowledged: "已确认", resolved: "已处置",
    pending: "待发送", notified: "已通知", on_scene: "已到场", escalated: "已升级", expired: "已过期",
    created: "创建", lastSeen: "最后出现", location: "位置", role: "角色", openIncident: "打开事件",
    photos: "张照片", csvFile: "CSV 文件", sightingCount: "目击数", csvHelp: "每行：车牌,原因[,级别[,名单]]",
    cam_connecting: "连接中", cam_live: "在线", cam_reconnecting: "重连中", cam_failed: "失败", cam_disabled: "已停用",
    cam_finished: "已结束", cam_stopping: "停止中",
    unseen: "条未查看", dismiss: "关闭", unlockSound: "声音已开启，但浏览器尚未允许播放：点击此处（或页面任意处）启用警报声",
    notifications: "桌面通知", outage: "⚠ 服务器无法连接，自", retrying: "正在重试…",
    pair: "手机配对", pairHelp: "为巡逻民警或网格员的手机生成 8 位配对码：在手机登录页输入，5 分钟内有效，只能使用一次。",
    holder: "持有人", makeCode: "生成配对码", validUntil: "有效至", pairCode: "配对码",
    pairCodeHelp: "输入值班员给您的 8 位数字。", tokenInstead: "或使用 API 令牌登录",
    role_patrol: "巡逻民警", role_community: "网格员/志愿者", role_dispatcher: "值班调度", role_investigator: "侦查员", role_admin: "管理员", role_device: "报警设备",
    err_pairing_invalid: "配对码无效、已使用或已过期。", err_pairing_limited: "错误次数过多，请一分钟后再试。",
    err_pairing_role: "您只能为巡逻民警和网格员的手机配对。", err_token_unknown: "令牌无效或已吊销。",
    err_token_required: "需要登录。", err_role_forbidden: "您的角色无权执行此操作。", err_forbidden: "无权执行此操作。",
    err_order_not_yours: "这不是您的调度指令。", err_order_not_found: "未找到该调度指令。", err_order_state: "该指令已被处理，状态已变化。",
    err_conflict: "状态已变化，请刷新。", err_dispatch_off: "本服务器未配置调度。", err_database_busy: "数据库繁忙，请重试。",
    err_not_found: "未找到。", err_bad_request: "请求无效，请检查输入。", err_too_large: "文件太大。",
    err_unprocessable: "无法处理该文件。", err_unavailable: "服务暂不可用。", err_internal_error: "服务器内部错误。",
    err_too_many_requests: "请求过多，请稍后再试。", err_route_not_found: "未找到。", err_camera_not_found: "未找到该摄像头。",
    actor_dispatcher: "调度系统", actor_delivery: "推送", actor_escalation: "超时升级",
    note_rule: "规则", note_planned: "已派发", note_tier: "梯次", note_delivered: "已推送到单位终端",
    note_deadline_passed: "期限内未确认", note_taken_by_other: "同类其他单位已接警", note_resolved_by_other: "其他指令已处置完毕",
    force_patrol: "巡逻警力", force_police_post: "警务站", force_grid_worker: "网格员", force_volunteer: "志愿者",
    force_command_centre: "指挥中心", map: "地图", units: "警力", openIncidents: "未处理事件", noPlaces: "没有可显示的位置。", notOnMap: "无位置，未在图上", inItsGrid: "标在所属网格中心",
    notRunHere: "本服务器未运行", unit_available: "空闲", unit_busy: "忙碌", unit_off_duty: "不在岗", unit_on_job: "出警中", onMap: "在地图上查看",
    ackFor: "代为确认接警：", onSceneFor: "代报到达现场：", resolveFor: "代报处置完毕：", pairedFrame: "另一处（疑似套牌）", resolveNote: "处置情况（可选）", incidentsShown: "个事件", repeats: "同一对象的多次命中（显示最新一次）",
    unit_km: "公里", unit_h: "小时", unit_min: "分", unit_s: "秒",
    review: "已阅", reviewed: "已阅", unreviewed: "未阅", reviewedAt: "已阅于", pick: "选择", markReviewed: "标记为已阅",
    markedReviewed: "个事件已标记为已阅", unreviewedOnly: "只看我未阅的", earlierShown: "较早事件：已显示",
    hint_plate: "完整或部分车牌，如 095Q", hint_subject: "姓名或车牌", hint_camera: "摄像头名称", hint_watchlist: "名单名称",
    hint_grid: "网格编号", quickRange: "时间：", lastHour: "最近 1 小时", today: "今天", lastDay: "最近 24 小时", lastWeek: "最近 7 天",
    platePattern: "车牌按模式 {p} 查询：* 代表任意个字符，? 代表一个字符（输入部分车牌时自动在两边加 *）。", image: "图像",
    err_invalid_input: "输入的值无效", err_missing_field: "缺少必填项", err_link_invalid: "视频链接无效。", err_link_expired: "视频链接已过期，请重新打开。", err_alarm_stale: "报警时间过旧或超前。", err_alarm_replayed: "该报警已记录。", err_alarm_device_unknown: "未配置该报警设备。", err_alarm_not_your_device: "此令牌不属于该设备。", err_alarms_off: "本服务器未配置报警设备。", atLine: "第 {n} 行", colon: "：", comma: "，", cursor: "分页位置", limit: "每页条数",
    wall: "监控墙", recording: "录像", aroundIt: "前后录像", noRecording: "这段时间没有录像", notRecorded: "其中无录像", liveStills: "此摄像头的编码无法实时播放：每秒显示一帧当前画面。", wallLayout: "画面数：", wallEmpty: "没有可看的摄像头",
    exportRecording: "导出录像", exportVideo: "下载 MP4", exporting: "正在导出…", exported: "已下载",
    community: "社区", communityRefreshed: "每 10 秒刷新", community_passages: "今日通行", community_strangers: "陌生人",
    community_watch: "居家观察人员", community_alarms: "今日报警", gate: "出入口", outcome: "结果", unitOrPlate: "住户 / 车牌",
    rule: "规则", until: "截止", unit: "单元", none: "无", noCommunity: "没有可查看的社区。", visitorPass: "访客证",
    resident: "住户", visitor: "访客", stranger: "陌生人", gate_rule: "门禁规则",
    stranger_at_two_gates: "陌生人出现在两个出入口", unregistered_vehicle_at_night: "夜间未登记车辆",
    visitor_pass_not_valid: "访客证已失效", key_person_left: "居家观察人员外出",
    withheld: "（仅网格员可见）", direction: "方向", entering: "进", leaving: "出",
  },
  en: {
    skip: "Skip to content", signIn: "Sign in", signOut: "Sign out", token: "API token",
    badToken: "The token is unknown or revoked.", unreachable: "The server cannot be reached.", language: "中文",
    soundOn: "Sound: on", soundOff: "Sound: off",
    live: "Live alerts", history: "History", trajectory: "Trajectory", cameras: "Cameras", watchlists: "Watchlists",
    feedLive: "live", feedDown: "reconnecting…", feedNone: "",
    noAlerts: "No alerts. New incidents appear at the top.", newAlert: "New alert", earlier: "Earlier open incidents",
    forbidden: "Your role may not see this page.", notFound: "Not found.", failed: "Request failed: ",
    noImage: "no image", redacted: "redacted", camera: "Camera", kind: "Kind", type: "Type", severity: "Severity",
    status: "Status", watchlist: "Watchlist", plate: "Plate", fuzzy: "Fuzzy", grid: "Grid", from: "From", to: "To",
    order: "Order", newest: "newest first", oldest: "oldest first", any: "any", search: "Search", reset: "Reset",
    exportCsv: "Export CSV", more: "Load more", results: "results", time: "Time", subject: "Subject", reason: "Reason",
    identity: "Person", sightings: "sightings", incident: "Incident", bestFrame: "Best frame", crop: "Crop", reads: "Reads",
    orders: "Orders", noOrders: "No orders.", force: "Force", state: "State", transitions: "Transitions", actor: "By",
    note: "Note", ack: "Acknowledge", onScene: "On scene", resolve: "Resolve", done: "Done", showTrajectory: "Trajectory",
    deadline: "Deadline", distance: "Distance", seconds: "Time", speed: "Speed", impossible: "impossible (cloned plate?)",
    points: "Passes", legs: "Legs", trajectoryHelp: "A plate (* and ? allowed) or a person's id.", identityId: "Person id",
    truncated: "More than 1000 passes: narrow the time range.", noPoints: "No passes.", speedLimit: "speed limit",
    name: "Name", input: "Input fps", analysed: "Analysed fps", decoded: "Decoded", dropped: "Dropped", reconnects: "Reconnects",
    lastFrame: "Last frame", lastError: "Last error", refreshed: "refreshed every 3 s",
    liveView: "Live view", watchLive: "Live", liveEnded: "Live view lost, reconnecting…", liveUnsupported: "This browser cannot play the camera's codec: its picture is shown each second", clip: "Video clip", hitMoment: "Hit moment",
    plates: "Plate hotlist", faces: "Face watchlist", add: "Add", remove: "Remove", import: "Import CSV", list: "List",
    photo: "Photo", listed: "Listed", removed: "Removed", imported: "Imported", confirmRemove: "Remove?",
    plateFace: "plate", face: "face", motion: "motion", watchlist_hit: "watchlist hit", cloned_plate: "cloned plate", alarm: "alarm",
    low: "low", medium: "medium", high: "high", critical: "critical", open: "open", acknowledged: "acknowledged", resolved: "resolved",
    pending: "pending", notified: "notified", on_scene: "on scene", escalated: "escalated", expired: "expired",
    created: "Created", lastSeen: "Last seen", location: "Location", role: "Role", openIncident: "Open incident",
    photos: "photos", csvFile: "CSV file", sightingCount: "Sightings", csvHelp: "One per line: plate,reason[,severity[,list]]",
    cam_connecting: "connecting", cam_live: "live", cam_reconnecting: "reconnecting", cam_failed: "failed",
    cam_disabled: "disabled", cam_finished: "finished", cam_stopping: "stopping",
    unseen: "not yet seen", dismiss: "Dismiss", unlockSound: "Sound is on but the browser has not allowed it yet: click here (or anywhere) to enable the alarm",
    notifications: "Desktop notifications", outage: "⚠ The server cannot be reached since", retrying: "Retrying…",
    pair: "Pair a phone", pairHelp: "An 8-digit code for a patrol officer's or grid worker's phone: entered on the phone's sign-in page, valid 5 minutes, once.",
    holder: "Holder", makeCode: "Make a code", validUntil: "Valid until", pairCode: "Pairing code",
    pairCodeHelp: "The 8 digits the duty officer gives you.", tokenInstead: "Or sign in with an API token",
    role_patrol: "patrol officer", role_community: "grid worker / volunteer", role_dispatcher: "duty officer", role_device: "alarm device",
    role_investigator: "investigator", role_admin: "administrator",
    err_pairing_invalid: "The code is unknown, used or expired.", err_pairing_limited: "Too many wrong codes: try again in a minute.",
    err_pairing_role: "You may pair patrol and community phones only.", err_token_unknown: "The token is unknown or revoked.",
    err_token_required: "Please sign in.", err_role_forbidden: "Your role may not do this.", err_forbidden: "Not allowed.",
    err_order_not_yours: "This order is not yours.", err_order_not_found: "No such order.", err_order_state: "The order has moved on since.",
    err_conflict: "It changed meanwhile: refresh.", err_dispatch_off: "Dispatch is not configured on this server.",
    err_database_busy: "The database is busy: try again.", err_not_found: "Not found.", err_bad_request: "The request is not valid: check the input.",
    err_too_large: "The file is too large.", err_unprocessable: "The file cannot be used.", err_unavailable: "The service is unavailable.",
    err_internal_error: "Internal server error.", err_too_many_requests: "Too many requests: try again later.",
    err_route_not_found: "Not found.", err_camera_not_found: "No such camera.",
    actor_dispatcher: "dispatch", actor_delivery: "delivery", actor_escalation: "escalation",
    note_rule: "rule", note_planned: "dispatched", note_tier: "tier", note_delivered: "delivered to the unit",
    note_deadline_passed: "no acknowledgement within the deadline", note_taken_by_other: "taken by another unit of the same type",
    note_resolved_by_other: "resolved by another order",
    force_patrol: "patrol", force_police_post: "police post", force_grid_worker: "grid worker", force_volunteer: "volunteer",
    force_command_centre: "command centre", map: "Map", units: "Units", openIncidents: "Open incidents",
    noPlaces: "Nothing with a position to show.", notOnMap: "No position, not on the map", inItsGrid: "shown at its grid's centre", notRunHere: "not run by this server", unit_available: "available",
    unit_busy: "busy", unit_off_duty: "off duty", unit_on_job: "on a job", onMap: "Show on the map", ackFor: "Acknowledge for", onSceneFor: "On scene for", resolveFor: "Resolve for",
    pairedFrame: "The other place (cloned plate?)", resolveNote: "What was done (optional)", incidentsShown: "incidents",
    repeats: "hits of the same subject (the newest shown)", unit_km: "km", unit_h: "h", unit_min: "min", unit_s: "s",
    review: "Reviewed", reviewed: "reviewed", unreviewed: "not reviewed", reviewedAt: "Reviewed", pick: "Select",
    markReviewed: "Mark reviewed", markedReviewed: "incidents marked reviewed", unreviewedOnly: "Only what I have not reviewed",
    earlierShown: "Earlier incidents shown:",
    hint_plate: "whole or part, e.g. 095Q", hint_subject: "name or plate", hint_camera: "camera name", hint_watchlist: "list name",
    hint_grid: "grid id", quickRange: "Time:", lastHour: "last hour", today: "today", lastDay: "last 24 h", lastWeek: "last 7 days",
    platePattern: "Plates matching {p}: * stands for any characters, ? for one (a part of a plate gets * on both sides).", image: "Image",
    err_invalid_input: "A value cannot be used", err_missing_field: "A required value is missing", err_link_invalid: "Not a valid video link.", err_link_expired: "The video link has expired: open it again.", err_alarm_stale: "The alarm is too old, or dated ahead.", err_alarm_replayed: "This alarm was recorded already.", err_alarm_device_unknown: "No such alarm device.", err_alarm_not_your_device: "This token is not that device's.", err_alarms_off: "No alarm devices are configured here.", atLine: "line {n}", colon: ": ", comma: ", ", cursor: "page position", limit: "page size",
    wall: "Camera wall", recording: "Recording", aroundIt: "Recording around it", noRecording: "no recording of this time", notRecorded: "not recorded", liveStills: "This camera's codec cannot be played live: its picture is shown each second.", wallLayout: "Tiles:", wallEmpty: "No camera to watch",
    exportRecording: "Export recording", exportVideo: "Download MP4", exporting: "Exporting…", exported: "Downloaded",
    community: "Community", communityRefreshed: "refreshed every 10 s", community_passages: "Today's passages", community_strangers: "Strangers",
    community_watch: "People who must stay home", community_alarms: "Today's alarms", gate: "Gate", outcome: "Outcome", unitOrPlate: "Resident / plate",
    rule: "Rule", until: "Until", unit: "Unit", none: "None", noCommunity: "No community to show.", visitorPass: "Visitor pass",
    resident: "Resident", visitor: "Visitor", stranger: "Stranger", gate_rule: "Gate rule",
    stranger_at_two_gates: "Stranger at two gates", unregistered_vehicle_at_night: "Unregistered vehicle at night",
    visitor_pass_not_valid: "Visitor pass not valid", key_person_left: "Key person left home",
    withheld: "(the grid worker's to know)", direction: "Direction", entering: "In", leaving: "Out",
  },
};

let language = localStorage.getItem("sharpeyes.lang") === "en" ? "en" : "zh";

export function t(key) {
  return labels[language][key] ?? labels.en[key] ?? key;
}

/// A value from the API (severity, state, kind) in the current language; unknown values as they are.
export function tv(value) {
  if (value == null) return "";
  if (value === "plate") return labels[language].plateFace;
  return labels[language][value] ?? String(value);
}

export function currentLanguage() { return language; }

/// A failed request in the reader's language, from the server's stable code (not its English text): English
/// readers also get the server's detail (which field, which line), Chinese readers the translation only.
export function message(error) {
  if (error?.status === 0) return `${t("unreachable")} ${t("retrying")}`;
  const known = error?.code && labels[language][`err_${error.code}`];
  if (!known) return fallback(error);
  // Which value and which line of a file, in the reader's words (the server names the parameter or column).
  const where = [error.field ? t(error.field) : null, error.line ? t("atLine").replace("{n}", error.line) : null].filter(Boolean);
  const said = where.length ? `${known}${t("colon")}${where.join(t("comma"))}` : known;
  return language === "en" && error.message && /^(bad|invalid|missing)/.test(error.code) ? `${said} (${error.message})` : said;
}

function fallback(error) {
  if (language === "en" && error?.message) return error.message;
  return t(`err_${statusCode(error?.status)}`);
}

const statusCode = (status) => ({ 400: "bad_request", 401: "token_required", 403: "forbidden", 404: "not_found", 409: "conflict",
  413: "too_large", 422: "unprocessable", 429: "too_many_requests", 503: "unavailable" })[status] ?? "internal_error";

export function switchLanguage() {
  language = language === "zh" ? "en" : "zh";
  localStorage.setItem("sharpeyes.lang", language);
  applyStatic();
}

/// Labels written in the HTML (data-i18n) and the document's language.
export function applyStatic() {
  document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
}
