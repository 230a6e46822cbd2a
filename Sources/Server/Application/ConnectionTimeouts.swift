/// How long a client may keep a connection waiting on it. Past a limit the connection is closed, with a
/// `408 Request Timeout` first when a request was under way and nothing had been answered to it yet. Time the server
/// itself spends (a handler at work, a body it has not yet taken in, a live event stream) never counts.
///
/// The defaults leave room for a slow mobile link and none for a client that sends a byte now and then to hold a
/// connection open (slowloris): a request head is at most 80 KiB, which even 64 kbit/s carries in 10 s.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// From a new connection, or from the first byte of a later request, to the end of the request's head.
    public var head: Duration
    /// The longest silence while the server waits for more of a request's body (an `Expect: 100-continue` or a
    /// `Content-Length` that the client does not honour). Photo uploads stream steadily, so 30 s is generous.
    public var body: Duration
    /// The longest silence between a response and the next request on a kept-alive connection; browsers reuse a
    /// connection within a minute.
    public var idle: Duration
    /// After the server has sent its last byte and shut its side, how long it keeps reading and discarding what
    /// the client still sends, so that the client reads the response rather than a reset; then it closes.
    public var linger: Duration

    public init(head: Duration = .seconds(10), body: Duration = .seconds(30), idle: Duration = .seconds(60),
                linger: Duration = .seconds(2)) {
        self.head = head
        self.body = body
        self.idle = idle
        self.linger = linger
    }
}
