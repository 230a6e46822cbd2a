public import ArgumentParser
import Foundation
import Incidents
import InputSafety
import PostgresStore
public import Server

extension SharpEyes {
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "API tokens: create (the secret is shown once), pair (a code a phone signs in with), list, revoke.",
            subcommands: [Create.self, Pair.self, List.self, Revoke.self])
    }
}

extension SharpEyes.Token {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token; its secret is printed once, as the last line, and stored only hashed.")

        @Option(help: "admin, investigator, dispatcher, patrol, community or device (an alarm device).") var role: Role
        @Option(help: "Who or what holds it (shown in the audit log).") var name: String
        @Option(help: "The grid a community token may see (required for community).") var grid: String?
        @Option(help: "The force (dispatch config id) whose orders a patrol or community token acts on; for a device token, the alarm device's id.") var force: String?
        @OptionGroup var store: StorageOptions

        func validate() throws {
            for (option, value) in [("name", name), ("grid", grid), ("force", force)] {
                guard let value else { continue }
                guard !value.isEmpty, value.count <= 128 else { throw ValidationError("--\(option): give 1 to 128 characters") }
                if let problem = TextChecks.controlCharacter(in: value) { throw ValidationError("--\(option): \(problem)") }
            }
            if role == .community, grid == nil { throw ValidationError("a community token needs --grid (the grid it may see)") }
            if role == .patrol, force == nil { throw ValidationError("a patrol token needs --force (the unit whose orders it acts on)") }
            if role == .device, force == nil { throw ValidationError("a device token needs --force (the id of the alarm device it speaks for)") }
        }

        func run() async throws {
            let (name, role, grid, force) = (name, role, grid, force)
            let shared = try await store.onPostgres { store in
                let secret = TokenSecret.generate()
                let token = try await store.insert(APIToken(name: name, role: role.rawValue, grid: grid, force: force,
                                                            secretHash: TokenSecret.hash(secret)))
                return (token: token, secret: secret)
            }
            let path = try await store.sqlitePath()
            let created = try shared ?? TokenSecret.create(name: name, role: role, grid: grid, force: force,
                                                           in: try IncidentStore(path: path))
            print("created token \(created.token.id ?? 0) '\(name)' (\(role.rawValue)); keep the secret, it is not shown again:")
            print(created.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API tokens (never their secrets).")
        @OptionGroup var store: StorageOptions

        func run() async throws {
            let path = try await store.sqlitePath()
            let tokens = try await store.onPostgres { try await $0.tokens() } ?? IncidentStore(path: path).tokens()
            let formatter = ISO8601DateFormatter()
            for token in tokens {
                let scope = [token.grid.map { "grid \($0)" }, token.force.map { "force \($0)" }].compactMap { $0 }.joined(separator: ", ")
                // A pairing grant (`token pair`) is used when revoked, and dead once its minutes are over.
                let expired = token.isPairingGrant && token.createdAt.addingTimeInterval(Pairing.lifetime) < Date()
                let state = token.revokedAt.map { "\(token.isPairingGrant ? "used" : "revoked") \(formatter.string(from: $0))" }
                    ?? (expired ? "expired" : "live")
                print("\(token.id ?? 0)\t\(token.name)\t\(token.role)\t\(scope.isEmpty ? "-" : scope)\t\(state)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id or name; it fails at its next request.")
        @Argument(help: "The token's id or name.") var token: String
        @OptionGroup var store: StorageOptions

        func run() async throws {
            let token = token
            let path = try await store.sqlitePath()
            let revoked = try await store.onPostgres { try await $0.revokeTokens(idOrName: token) }
                ?? IncidentStore(path: path).revokeTokens(idOrName: token)
            guard !revoked.isEmpty else { throw CommandFailure("no live token '\(token)'") }
            for token in revoked { print("revoked token \(token.id ?? 0) '\(token.name)'") }
        }
    }
}

extension Role: ExpressibleByArgument {}

extension SharpEyes {
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the audit log (who read which history, with what filters, how many rows), newest first.")

        @Option(help: "Only this token name.") var actor: String?
        @Option(help: "How many entries.") var limit = 100
        @OptionGroup var store: StorageOptions

        func validate() throws {
            guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be 1 to 100000") }
        }

        func run() async throws {
            let (actor, limit) = (actor, limit)
            let path = try await store.sqlitePath()
            let entries = try await store.onPostgres { try await $0.auditEntries(actor: actor, limit: limit) }
                ?? IncidentStore(path: path).auditEntries(actor: actor, limit: limit)
            let formatter = ISO8601DateFormatter()
            for entry in entries {
                print("\(formatter.string(from: entry.at))\t\(entry.actor) (\(entry.role))\t\(entry.method) \(entry.route)\t\(entry.filters)\t\(entry.rows) row(s)\t\(entry.status)")
            }
        }
    }
}
