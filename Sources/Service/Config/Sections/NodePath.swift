import Yams

/// Finds the node a message path such as `forces[2].webhook.url` names, for its line.
enum NodePath {
    /// The line of the deepest node along `path` (a path under `base`, the path of `field`).
    static func line(of path: String, in field: Field, relativeTo base: String) -> Int? {
        var node = field.node
        for step in steps(String(path.dropFirst(base.count))) {
            switch (node, step) {
            case (.mapping(let mapping), .key(let key)):
                guard let child = mapping[key] else { return node.mark?.line }
                node = child
            case (.sequence(let sequence), .index(let index)) where sequence.indices.contains(index):
                node = sequence[index]
            default:
                return node.mark?.line
            }
        }
        return node.mark?.line
    }

    private enum Step {
        case key(String), index(Int)
    }

    /// `.a[2].b` → key a, index 2, key b.
    private static func steps(_ path: String) -> [Step] {
        path.split(separator: ".").flatMap { part -> [Step] in
            let pieces = part.split(separator: "[")
            let key = part.hasPrefix("[") ? [] : pieces.prefix(1).map { Step.key(String($0)) }
            let indexes = pieces.dropFirst(part.hasPrefix("[") ? 0 : 1).compactMap { Int($0.dropLast()) }.map(Step.index)
            return key + indexes
        }
    }
}
