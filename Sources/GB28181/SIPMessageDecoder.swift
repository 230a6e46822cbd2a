public import NIOCore

/// Splits a TCP connection's byte stream into SIP messages by their `Content-Length` (RFC 3261 §18.3); NIO's
/// `ByteToMessageHandler` keeps the bytes between reads.
///
/// ```swift
/// try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SIPMessageDecoder()))
/// ```
///
/// A stream that cannot be framed any more (headers over the limit, no or a bad `Content-Length`, a start line or
/// header that is not SIP) is a `SIPStreamError`: the connection's handler answers it and closes the connection.
/// A partial message when the peer closes is dropped.
public struct SIPMessageDecoder: ByteToMessageDecoder {
    public typealias InboundOut = SIPMessage

    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        // Keepalive CRLFs between messages (RFC 5626), skipped at once: byte by byte, a stream of them costs
        // quadratic time.
        let blank = buffer.withUnsafeReadableBytes { bytes in bytes.firstIndex { $0 != 0x0D && $0 != 0x0A } ?? bytes.count }
        buffer.moveReaderIndex(forwardBy: blank)
        let framed: (message: SIPMessage, length: Int)?
        do {
            framed = try SIPParser.frame(buffer.readableBytesView)
        } catch {
            throw SIPStreamError(error: error, head: SIPParser.bestEffortHead(buffer.readableBytesView))
        }
        guard let framed else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: framed.length)
        context.fireChannelRead(wrapInboundOut(framed.message))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // What is left is a message the peer did not finish.
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}

/// A TCP stream that cannot be framed past this point, with the start line and headers of the message that failed
/// when they could be read, so that a request can still be answered.
public struct SIPStreamError: Error, Sendable {
    public let error: SIPParseError
    public let head: SIPMessage?
}
