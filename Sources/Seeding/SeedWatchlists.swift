import Incidents
import Severities

/// The lists a seeded incident comes from: hotlist entries for the hotlisted plates, and face watchlist identities
/// (names only: no enrolment photos, so a running camera matches none of them).
enum SeedWatchlists {
    struct Entry {
        let list: String
        let reason: String
        let severity: Severity
    }

    /// Hotlist kinds with how often each is listed.
    static let plateLists: [(Entry, Double)] = [
        (Entry(list: "stolen", reason: "reported stolen", severity: .high), 0.35),
        (Entry(list: "wanted", reason: "vehicle of a wanted suspect", severity: .critical), 0.1),
        (Entry(list: "fake-plates", reason: "plate reported cloned", severity: .high), 0.1),
        (Entry(list: "inspection", reason: "annual inspection overdue", severity: .low), 0.25),
        (Entry(list: "fines", reason: "unpaid traffic fines", severity: .medium), 0.2),
    ]

    static let identities: [(name: String, entry: Entry)] = {
        let names = [
            "Zhang Wei", "Wang Fang", "Li Na", "Liu Yang", "Chen Jie", "Yang Tao", "Zhao Lei", "Huang Min", "Zhou Jun",
            "Wu Xia", "Xu Qiang", "Sun Li", "Ma Chao", "Zhu Hong", "Hu Bin", "Guo Jing", "He Ping", "Gao Yan",
            "Lin Feng", "Luo Hui", "Zheng Kai", "Liang Yu", "Song Jia", "Xie Ming", "Tang Lan", "Han Bo", "Feng Xue",
            "Deng Hao", "Cao Rui", "Peng Lin", "Zeng Hua", "Xiao Dan", "Tian Ye", "Dong Qing", "Pan Wen", "Yuan Zhi",
        ]
        let lists = [
            Entry(list: "wanted", reason: "arrest warrant", severity: .critical),
            Entry(list: "wanted", reason: "wanted for questioning", severity: .high),
            Entry(list: "missing", reason: "reported missing", severity: .high),
            Entry(list: "at-risk", reason: "vulnerable person, family asked to be told", severity: .medium),
        ]
        return names.enumerated().map { ($1, lists[$0 % lists.count]) }
    }()

    /// The hotlist entry of hotlisted plate `index` (the same plate always gets the same entry).
    static func plateEntry(_ index: Int) -> Entry {
        var random = SplitMix64(seed: UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        return plateLists[random.weighted(plateLists.map(\.1))].0
    }
}
