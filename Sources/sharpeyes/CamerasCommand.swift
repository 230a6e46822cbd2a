import ArgumentParser
import Foundation
import PostgresStore
import Service
import Toolkit

extension SharpEyes {
    struct Cameras: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cameras kept in a shared PostgreSQL store, which nodes with cameras_from: database share out by leases.",
            subcommands: [Import.self, List.self, Remove.self])
    }
}

extension SharpEyes.Cameras {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or replace the cameras: of a config file (checked whole first) in the shared store.")

        @Argument(help: "The config file whose cameras: to import.") var file: String
        @Option(help: "The config whose storage: to use (by default FILE's own).") var storage: String?

        func run() async throws {
            let file = file
            let definitions = try await Blocking.run { try ServeConfig.cameraDefinitions(path: file) }
            try await onSharedStore(storage ?? file) { try await $0.importCameras(definitions) }
            print("imported \(definitions.count) camera(s): \(definitions.map(\.id).joined(separator: ", "))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the shared cameras, the node holding each, its epoch.")
        @Option(help: "The config whose storage: to use.") var storage: String

        func run() async throws {
            let cameras = try await onSharedStore(storage) { try await $0.sharedCameras() }
            let formatter = ISO8601DateFormatter()
            for camera in cameras {
                let lease = camera.nodeId.map { node in "\(node)\t\(camera.expiresAt.map { "until \(formatter.string(from: $0))" } ?? "-")" }
                    ?? "-\t-"
                print("\(camera.id)\tepoch \(camera.epoch)\t\(lease)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a shared camera (its sightings stay); the node running it stops it at its next renewal.")
        @Argument(help: "The camera's id.") var id: String
        @Option(help: "The config whose storage: to use.") var storage: String

        func run() async throws {
            let id = id
            guard try await onSharedStore(storage, { try await $0.removeSharedCamera(id: id) }) else {
                throw CommandFailure("no shared camera '\(id)'")
            }
            print("removed camera \(id)")
        }
    }
}

/// Runs `body` on the PostgreSQL store of `config`'s storage; a SQLite storage is refused (a single node runs its
/// config's cameras, and nothing shares them).
private func onSharedStore<T: Sendable>(_ config: String, _ body: @Sendable (PostgresStore) async throws -> T) async throws -> T {
    let options = try StorageOptions.parse(["--storage", config])
    guard let result = try await options.onPostgres(body) else {
        throw CommandFailure("\(config): shared cameras need storage: {database: postgres://…}; with SQLite, serve runs the config's cameras")
    }
    return result
}
