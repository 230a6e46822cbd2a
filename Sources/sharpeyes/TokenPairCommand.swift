import ArgumentParser
import Foundation
import Incidents
import PostgresStore
import Server

extension SharpEyes.Token {
    struct Pair: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a pairing code: 8 digits a phone enters on the console's sign-in page, once, within 5 minutes, "
                + "to receive a token of this role and name (no secret to type).")

        @Option(help: "patrol or community (or any other role).") var role: Role
        @Option(help: "Who holds the phone (shown in the audit log).") var name: String
        @Option(help: "The grid a community token may see (required for community).") var grid: String?
        @Option(help: "The force (dispatch config id) whose orders a patrol or community token acts on.") var force: String?
        @OptionGroup var store: StorageOptions

        func validate() throws {
            if let problem = Pairing.problem(name: name, role: role, grid: grid, force: force) { throw ValidationError(problem) }
        }

        func run() async throws {
            let made = Pairing.grant(name: name, role: role, grid: grid, force: force)
            let path = try await store.sqlitePath(), unsaved = made.grant
            let grant = try await store.onPostgres { try await $0.insertPairing(unsaved) } ?? IncidentStore(path: path).insert(unsaved)
            let until = grant.createdAt.addingTimeInterval(Pairing.lifetime).formatted(date: .omitted, time: .standard)
            print("pairing code for '\(name)' (\(role.rawValue)), valid once until \(until); enter it on the phone's sign-in page:")
            print(made.code)
        }
    }
}
