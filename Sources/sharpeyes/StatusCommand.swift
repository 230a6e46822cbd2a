import ArgumentParser
import Foundation
import Server

extension SharpEyes {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the cameras of a running `sharpeyes serve`.")

        @Option(help: "Base URL of the server.")
        var url = "http://127.0.0.1:8080"

        @Flag(help: "Print the cameras as JSON instead of a table.")
        var json = false

        @Flag(help: "Print the nodes sharing the server's store and their camera leases instead (an admin token).")
        var nodes = false

        @Option(help: "A file holding the API token (else the SHARPEYES_TOKEN environment variable).")
        var tokenFile: String?

        func run() async throws {
            let token: String
            if let tokenFile {
                token = try TextFile.read(tokenFile, limit: 4096).trimmingCharacters(in: .whitespacesAndNewlines)
            } else if let variable = ProcessInfo.processInfo.environment["SHARPEYES_TOKEN"], !variable.isEmpty {
                token = variable
            } else {
                throw CommandFailure("set SHARPEYES_TOKEN (or --token-file) to an API token with the dispatcher, investigator or admin role; create one with `sharpeyes token create`")
            }
            if nodes {
                let list = try await StatusClient.fetchNodes(baseURL: url, token: token)
                if json { printJSONLine(list) } else { print(list.rendered()) }
                return
            }
            let cameras = try await StatusClient.fetchCameras(baseURL: url, token: token)
            if json { printJSONLine(cameras) } else { print(StatusTable.render(cameras)) }
        }
    }
}
