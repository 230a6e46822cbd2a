import NIOCore

/// Where a connection is in its request/response exchanges, and so which of `ConnectionTimeouts` applies now.
/// Pure state: `RequestDeadlines` feeds it the channel's events and acts on `wait(at:)`.
struct Exchange {
    /// What the server is waiting for, and until when.
    enum Wait: Equatable {
        /// A request head; `partial` once some of it has arrived (a 408 is then owed, not a silent close).
        case head(until: NIODeadline, partial: Bool)
        /// More of the body of the request being read.
        case body(until: NIODeadline)
        /// Nothing from the client: the server is answering.
        case none
    }

    let head: TimeAmount, body: TimeAmount, idle: TimeAmount
    private var waitingSince: NIODeadline
    private var keptAlive = false
    private var firstByte: NIODeadline?
    private(set) var requestsRead = 0
    private(set) var responsesBegun = 0
    private var responsesEnded = 0
    private var readingBody = false
    private var bodyProgress: NIODeadline
    /// The server asked for bytes and none came since: only then is a silence the client's.
    private var clientOwes = false

    init(_ timeouts: ConnectionTimeouts, now: NIODeadline) {
        (head, body, idle) = (TimeAmount(timeouts.head), TimeAmount(timeouts.body), TimeAmount(timeouts.idle))
        waitingSince = now
        bodyProgress = now
    }

    private var awaitingHead: Bool { !readingBody && responsesEnded >= requestsRead }

    func wait(at now: NIODeadline) -> Wait {
        if readingBody { return .body(until: (clientOwes ? bodyProgress : now) + body) }
        guard awaitingHead else { return .none }
        if !keptAlive { return .head(until: waitingSince + head, partial: firstByte != nil) }
        if let firstByte { return .head(until: firstByte + head, partial: true) }
        return .head(until: waitingSince + idle, partial: false)
    }

    /// Whether no response has begun to the request being read (a 408 may still be sent).
    var unanswered: Bool { responsesBegun < requestsRead }

    /// Returns true when the deadline moved earlier (the first byte of a request on a kept-alive connection).
    mutating func clientSent(at now: NIODeadline) -> Bool {
        bodyProgress = now
        clientOwes = false
        guard awaitingHead, firstByte == nil else { return false }
        firstByte = now
        return keptAlive
    }

    mutating func serverWantsMore(at now: NIODeadline) {
        guard !clientOwes else { return }
        clientOwes = true
        bodyProgress = now
    }

    mutating func headRead(at now: NIODeadline) {
        requestsRead += 1
        readingBody = true
        bodyProgress = now
        firstByte = nil
    }

    mutating func endRead(at now: NIODeadline) {
        readingBody = false
        if awaitingHead { startWaiting(at: now) }
    }

    mutating func responseBegun() { responsesBegun += 1 }

    mutating func responseEnded(at now: NIODeadline) {
        responsesEnded += 1
        if awaitingHead { startWaiting(at: now) }
    }

    private mutating func startWaiting(at now: NIODeadline) {
        waitingSince = now
        keptAlive = true
        firstByte = nil
    }
}
