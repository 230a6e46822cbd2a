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

        func run() async throws {
            do {
                let cameras = try await StatusClient.fetchCameras(baseURL: url)
                if json { printJSONLine(cameras) } else { print(StatusTable.render(cameras)) }
            } catch { fail("\(error)") }
        }
    }
}
