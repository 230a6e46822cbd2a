public import Incidents

/// The communities the API serves (`communities:` in the serve config): each one's name and grid — a community
/// token is limited to its grid, so it reads the community of that grid only — and the store of their registers and
/// access logs.
public struct CommunityDirectory: Sendable {
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var name: String
        public var grid: String?

        public init(id: String, name: String, grid: String?) {
            (self.id, self.name, self.grid) = (id, name, grid)
        }
    }

    public var communities: [String: Entry]
    public var store: any CommunityStore

    public init(communities: [Entry], store: any CommunityStore) {
        self.communities = Dictionary(communities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.store = store
    }
}
