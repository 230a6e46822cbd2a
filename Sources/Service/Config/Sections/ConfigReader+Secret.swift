import Foundation
import InputSafety

/// `password: {env: NAME}` or `{file: PATH}`, read at load. Messages name the variable or file and the camera,
/// never the password; a password written in the config is refused without being repeated.
extension ConfigReader {
    static let passwordFileLimit = 64 << 10

    func password(_ field: Field, camera: String) -> (source: ServeConfig.Secret, value: SecretValue)? {
        password(field, owner: "camera \(camera)")
    }

    /// The same for any owner (`storage`), named in the messages.
    func password(_ field: Field, owner: String) -> (source: ServeConfig.Secret, value: SecretValue)? {
        guard field.node.isMapping else {
            log.add(field, "write {env: NAME} or {file: PATH}: passwords are not written in this file")
            return nil
        }
        guard let given = mapping(field, known: ["env", "file"]) else { return nil }
        guard given.entries.count == 1 else {
            log.add(field, "give exactly one of {env: NAME} or {file: PATH}")
            return nil
        }
        if let env = given["env"] {
            return string(env).flatMap { name in environmentPassword(name, field: field, owner: owner) }
        }
        return given["file"].flatMap(filePath).flatMap { path in filePassword(path, field: field, owner: owner) }
    }

    private func environmentPassword(_ name: String, field: Field, owner: String) -> (ServeConfig.Secret, SecretValue)? {
        guard let value = environment[name] else {
            log.add(field, "environment variable \(name) is not set (\(owner))")
            return nil
        }
        guard !value.isEmpty else {
            log.add(field, "environment variable \(name) is empty (\(owner))")
            return nil
        }
        return (.env(name), SecretValue(value: value))
    }

    /// The first line of the file, trimmed.
    private func filePassword(_ path: String, field: Field, owner: String) -> (ServeConfig.Secret, SecretValue)? {
        let problem: String
        do throws(SmallFile.Failure) {
            let bytes = try SmallFile.contents(atPath: path, limit: Self.passwordFileLimit)
            let line = String(validating: bytes, as: UTF8.self)?.split(whereSeparator: \.isNewline).first
            let password = line.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !password.isEmpty { return (.file(path), SecretValue(value: password)) }
            problem = String(validating: bytes, as: UTF8.self) == nil ? "is not UTF-8 text" : "has no password on its first line"
        } catch {
            switch error {
            case .cannotOpen(let reason): problem = "cannot be read: \(reason)"
            case .notRegular: problem = "is not a regular file"
            case .tooLarge: problem = "is larger than 64 KiB"
            }
        }
        log.add(field, "password file \(path) \(problem) (\(owner))")
        return nil
    }
}
