import ArgumentParser
import Foundation
import Incidents
import Recognition
import Severities

extension SharpEyes {
    struct Watchlist: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the face watchlist and the plate hotlist.",
            subcommands: [AddFace.self, ImportFaces.self, AddPlate.self, ImportPlates.self, List.self, Remove.self, RemovePlate.self]
        )
    }
}

extension SharpEyes.Watchlist {
    struct AddFace: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-face",
            abstract: "Enrol a person from one or more photos, each showing only that person's face."
        )

        @Option(help: "The person's name.") var name: String
        @OptionGroup var listing: ListingOptions
        @Option(help: "Why the person is listed (never shown to community forces).") var reason: String?
        @Argument(help: "Photos of the person.") var photos: [String]
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard !photos.isEmpty else { throw ValidationError("give at least one photo") }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--name is empty") }
        }

        func run() async throws {
            let enrolment = try makeEnrolment()
            let samples = try enrolOrFail(photos, with: enrolment)
            let incidents = try IncidentStore(path: store.db)
            let identity = try incidents.enrol(
                WatchlistIdentity(name: name, list: listing.list, severity: try listing.level, reason: reason), samples: samples)
            print("enrolled \(identity.name) on \(identity.list) (\(identity.severity.rawValue)) from \(samples.count) photo(s)")
        }
    }

    struct ImportFaces: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-faces",
            abstract: "Enrol everyone in a gallery folder: one sub-folder per person, named after them, holding their photos."
        )

        @Argument(help: "The gallery folder.") var gallery: String
        @OptionGroup var listing: ListingOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let people = (try? FileManager.default.contentsOfDirectory(atPath: gallery).sorted()) ?? []
            let folders = people.map { (gallery as NSString).appendingPathComponent($0) }.filter(isDirectory)
            guard !folders.isEmpty else { throw CommandFailure("\(gallery) has no sub-folder per person") }
            let enrolment = try makeEnrolment()
            let incidents = try IncidentStore(path: store.db)
            for folder in folders {
                let photos = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
                    .map { (folder as NSString).appendingPathComponent($0) }
                let samples = try enrolOrFail(photos, with: enrolment)
                let name = (folder as NSString).lastPathComponent
                try incidents.enrol(WatchlistIdentity(name: name, list: listing.list, severity: try listing.level), samples: samples)
                print("enrolled \(name) on \(listing.list) from \(samples.count) photo(s)")
            }
        }

        private func isDirectory(_ path: String) -> Bool {
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the watchlist.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let entries: [(WatchlistIdentity, [FaceSample])]
            let plates: [WatchlistPlate]
            let incidents = try IncidentStore(path: store.db)
            entries = try incidents.faceWatchlist()
            plates = try incidents.plateHotlist()
            if entries.isEmpty && plates.isEmpty { print("the watchlists are empty") }
            for (identity, samples) in entries {
                print("face\t\(identity.list)\t\(identity.name)\t\(identity.severity.rawValue)\t\(samples.count) photo(s)\t"
                      + (identity.reason ?? ""))
            }
            for plate in plates {
                print("plate\t\(plate.list)\t\(plate.pattern)\t\(plate.severity.rawValue)\t\t\(plate.reason ?? "")")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a person from the watchlist.")
        @Option(help: "The person's name.") var name: String
        @Option(help: "Only from this list.") var list: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let removed = try IncidentStore(path: store.db).removeIdentity(name: name, list: list)
            guard removed else { throw CommandFailure("\(name) is not on \(list.map { "the \($0) list" } ?? "any list")") }
            print("removed \(name)")
        }
    }
}

/// The list a person goes on and how serious a hit is.
struct ListingOptions: ParsableArguments {
    @Option(help: "The list, e.g. wanted or missing.") var list: String
    @Option(help: "Severity of a hit: low, medium, high or critical.") var severity = "high"

    func validate() throws {
        if let problem = Severity.problem(with: severity) { throw ValidationError(problem) }
    }

    /// The severity `validate()` checked: kept as text until then, so a bad one gets the message the API and the
    /// CSV import give rather than ArgumentParser's.
    var level: Severity { get throws(Severity.Unknown) { try Severity(parsing: severity) } }
}

/// One face engine for the whole command; throws the reason when the models are missing.
private func makeEnrolment() throws -> Enrolment {
    let models = ModelPaths.default
    try models.checkFaceModels()
    return Enrolment(engine: try FaceEngine(models: models))
}

/// The samples of every photo, or an error after listing each refused photo: nothing is enrolled from a bad set.
private func enrolOrFail(_ photos: [String], with enrolment: Enrolment) throws -> [FaceSample] {
    var samples: [FaceSample] = [], refusals: [String] = []
    for photo in photos {
        do { samples.append(try enrolment.sample(from: photo)) } catch { refusals.append("\(error)") }
    }
    guard refusals.isEmpty, !samples.isEmpty else {
        refusals.forEach { FileHandle.standardError.write(Data("refused: \($0)\n".utf8)) }
        throw CommandFailure("nothing enrolled: \(refusals.count) of \(photos.count) photos refused")
    }
    return samples
}
