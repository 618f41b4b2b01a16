import Foundation

/// Where a simulator sends its trace events as they happen.
public protocol TraceSink: AnyObject {
  /// Called once, before the first event.
  func begin(_ header: TraceHeader)
  /// Called for every event, in order.
  func record(_ event: TraceEvent)
}

/// Keeps every trace event in memory, for tests and small runs.
public final class TraceLog: TraceSink {
  /// The header, once the run began.
  public private(set) var header: TraceHeader?
  /// Every event so far.
  public private(set) var events: [TraceEvent] = []

  /// Creates an empty log.
  public init() {}

  public func begin(_ header: TraceHeader) { self.header = header }
  public func record(_ event: TraceEvent) { events.append(event) }

  /// The events of one kind.
  public func events(_ kind: TraceEvent.Kind) -> [TraceEvent] { events.filter { $0.kind == kind } }

  /// The whole trace as JSON Lines, byte for byte what `JSONLinesTraceWriter` writes.
  public var jsonLines: String {
    guard let header else { return "" }
    var encoder = TraceEncoder(header: header)
    for event in events { encoder.encode(event) }
    return encoder.takeText()
  }
}

/// Streams the trace as JSON Lines to a file (or any file descriptor), buffering writes so that
/// memory stays flat however long the run is.
public final class JSONLinesTraceWriter: TraceSink {
  private let handle: FileHandle
  private let closesHandle: Bool
  private var encoder: TraceEncoder?
  /// Bytes written so far.
  public private(set) var bytesWritten = 0

  /// Creates (or truncates) the file at `path`.
  public init(path: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil) else {
      throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
    }
    handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    closesHandle = true
  }

  /// Writes to an open handle (e.g. standard output); the caller keeps ownership of it.
  public init(handle: FileHandle) {
    self.handle = handle
    closesHandle = false
  }

  public func begin(_ header: TraceHeader) {
    encoder = TraceEncoder(header: header)
    flushIfNeeded(force: true)
  }

  public func record(_ event: TraceEvent) {
    encoder?.encode(event)
    flushIfNeeded(force: false)
  }

  /// Writes out what is buffered and, for a file the writer opened, closes it.
  public func finish() throws {
    flushIfNeeded(force: true)
    if closesHandle { try handle.close() }
  }

  deinit { flushIfNeeded(force: true) }

  private func flushIfNeeded(force: Bool) {
    guard var encoder, force || encoder.bufferedCount >= 1 << 16 else { return }
    let bytes = encoder.takeBytes()
    self.encoder = encoder
    bytesWritten += bytes.count
    if !bytes.isEmpty { handle.write(Data(bytes)) }
  }
}
