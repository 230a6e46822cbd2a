import Dispatching
import Yams

/// `forces:`, `grids:` and `rules:` in Dispatching's own formats: decoded element by element with Codable, checked
/// for unknown keys and non-finite numbers, then validated by `DispatchConfig` itself.
extension ConfigReader {
    struct DispatchSection {
        /// Nil when something was wrong.
        let config: DispatchConfig?
        /// The grids that decoded, for checking cameras' `grid:` even when other parts failed.
        let gridIDs: Set<String>
    }

    func dispatch(_ top: MappingFields, root: Node) -> DispatchSection {
        let forces: [DispatchConfig.Force]? = decodeList(top["forces"])
        let grids: [DispatchConfig.Grid]? = decodeList(top["grids"])
        let rules: [DispatchConfig.Rule]? = decodeList(top["rules"])
        let gridIDs = Set((grids ?? []).map(\.id))
        guard let forces, let grids, let rules else { return DispatchSection(config: nil, gridIDs: gridIDs) }
        do {
            let config = try DispatchConfig(forces: forces, grids: grids, rules: rules)
            return DispatchSection(config: config, gridIDs: gridIDs)
        } catch let error as Dispatching.ConfigError {
            logDispatchError(error.message, root: root)
        } catch {
            log.add("", line: nil, "dispatch: \(error)")
        }
        return DispatchSection(config: nil, gridIDs: gridIDs)
    }

    /// Every element of the list decoded; nil if any failed (each failure is logged).
    private func decodeList<Element: Decodable>(_ field: Field?) -> [Element]? {
        guard let field else { return [] }
        guard let items = list(field) else { return nil }
        var elements: [Element] = []
        for item in items {
            do {
                let element = try YAMLDecoder().decode(Element.self, from: item.node)
                DecodedKeys(log: log).check(item, against: element)
                elements.append(element)
            } catch let error as DecodingError {
                logDecodingError(error, at: item)
            } catch {
                log.add(item, "\(error)")
            }
        }
        return elements.count == items.count ? elements : nil
    }

    private func logDecodingError(_ error: DecodingError, at item: Field) {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            (context.codingPath + (key.map { [$0] } ?? [])).reduce(item.path) { path, key in
                key.intValue.map { "\(path)[\($0)]" } ?? "\(path).\(key.stringValue)"
            }
        }
        let located: (String, String) = switch error {
        case .keyNotFound(let key, let context): (path(context, key), "missing")
        case .valueNotFound(_, let context): (path(context), "missing value")
        case .typeMismatch(_, let context), .dataCorrupted(let context): (path(context), context.debugDescription)
        @unknown default: (item.path, "\(error)")
        }
        log.add(located.0, line: NodePath.line(of: located.0, in: item, relativeTo: item.path), located.1)
    }

    /// DispatchConfig's message is `forces[2].position: …`; the line is found from the path.
    private func logDispatchError(_ message: String, root: Node) {
        let parts = message.split(separator: ": ", maxSplits: 1).map(String.init)
        let (path, text) = parts.count == 2 ? (parts[0], parts[1]) : ("", message)
        log.add(path, line: NodePath.line(of: path, in: Field(node: root, path: ""), relativeTo: ""), text)
    }
}
