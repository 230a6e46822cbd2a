import InputSafety
import Yams

/// The config's YAML composed into Yams' node tree, once the pre-scan has found nothing to refuse.
enum Document {
    /// The top-level mapping of `text`.
    static func compose(_ text: String, file: String) throws(ConfigError) -> Node {
        let findings = Prescan.findings(in: text)
        guard findings.isEmpty else { throw ConfigError(.syntax, file: file, errors: findings.map { issue(from: $0) }) }
        let root: Node?
        do {
            root = try Parser(yaml: text, resolver: .default, constructor: .default, encoding: .utf8).singleRoot()
        } catch let error as YamlError {
            throw ConfigError(.syntax, file: file, errors: [issue(from: error, in: text)])
        } catch {
            throw ConfigError(.syntax, file: file, "not valid YAML: \(error)")
        }
        guard let root, !root.isNull else { throw ConfigError(.invalid, file: file, "config has no settings") }
        guard case .mapping = root else {
            throw ConfigError(.invalid, file: file, errors: [
                ConfigIssue(path: "", line: root.mark?.line, message: "the top level must be a mapping of settings "
                    + "(storage:, cameras:, …), got \(root.kindDescription)"),
            ])
        }
        return root
    }

    /// The pre-scan's finding, with this file's advice for anchors and aliases.
    private static func issue(from finding: Finding) -> ConfigIssue {
        let advice = switch finding.kind {
        case .alias: ", or put settings that cameras share under defaults:"
        case .anchor: ": put settings that cameras share under defaults:"
        default: ""
        }
        return ConfigIssue(path: "", line: finding.line, message: finding.message + advice)
    }

    private static func issue(from error: YamlError, in text: String) -> ConfigIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) on line \($0.mark.line))" } ?? ""
            return ConfigIssue(path: "", line: mark.line, message: problem + during)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return ConfigIssue(path: "", line: context.mark.line, message: "a mapping has the key \(keys) more than once")
        case .reader(let problem, let offset, _, _):
            return ConfigIssue(path: "", line: offset.map { line(ofCharacter: $0, in: text) }, message: problem)
        default:
            return ConfigIssue(path: "", line: nil, message: "not valid YAML: \(error)")
        }
    }

    private static func line(ofCharacter offset: Int, in text: String) -> Int {
        text.prefix(offset).reduce(1) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 }
    }
}
