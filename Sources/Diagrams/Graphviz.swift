import CGraphviz
import Synchronization

/// Renders DOT text to SVG, PNG or PDF in memory through Graphviz's C library.
///
/// The library is not thread-safe and every `gvContext()` leaks a little, so the process keeps one
/// context behind a lock and every call frees what it made (graph, layout, output buffer).
public enum Graphviz {
  /// Output formats.
  public enum Format: String, CaseIterable, Sendable {
    case svg, png, pdf
  }

  /// Layout engines: `dot` for layered graphs, `nop2` to keep the `pos` every node already has
  /// (Graphviz's `neato -n2`, for pictures with pinned coordinates).
  public enum Engine: String, Sendable {
    case dot, nop2
  }

  private static let context = Mutex<ContextBox>(ContextBox())

  /// Lays out `dot` with `engine` and renders it.
  ///
  /// - Throws: `DiagramError.dotSyntax` when the text does not parse, `.layout` when Graphviz cannot
  ///   lay it out (for example a missing plugin configuration: run `dot -c`), `.render` otherwise.
  public static func render(_ dot: String, format: Format, engine: Engine = .dot) throws(DiagramError) -> [UInt8] {
    let result: Result<[UInt8], DiagramError> = context.withLock { box in
      let gvc = box.gvc
      graphvizMessages = ""
      guard let graph = dot.withCString({ agmemread($0) }) else {
        let message = graphvizMessages.isEmpty ? "the text is not valid DOT" : graphvizMessages
        return .failure(.dotSyntax(message.trimmingCharacters()))
      }
      defer { agclose(graph) }
      guard gvLayout(gvc, graph, engine.rawValue) == 0 else {
        return .failure(.layout("Graphviz could not lay out the graph with \(engine.rawValue) (if it says 'Layout type not recognized', run `dot -c`)"))
      }
      defer { gvFreeLayout(gvc, graph) }
      var buffer: UnsafeMutablePointer<CChar>?
      var length: UInt32 = 0
      guard gvRenderData(gvc, graph, format.rawValue, &buffer, &length) == 0, let buffer else {
        return .failure(.render("Graphviz could not render \(format.rawValue)"))
      }
      defer { gvFreeRenderData(buffer) }
      return .success(buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) })
    }
    return try result.get()
  }

  /// Checks that `dot` parses and lays out, without rendering it.
  public static func validate(_ dot: String, engine: Engine = .dot) throws(DiagramError) {
    _ = try render(dot, format: .svg, engine: engine)
  }
}

/// What Graphviz reported during the current call; read and written only under the context's lock.
nonisolated(unsafe) private var graphvizMessages = ""

/// Owns the process's one Graphviz context.
private struct ContextBox: @unchecked Sendable {
  let gvc: OpaquePointer

  init() {
    // Graphviz's messages are collected for the typed errors instead of going to standard error.
    _ = agseterrf { message in
      if let message { graphvizMessages += String(cString: message) }
      return 0
    }
    gvc = gvContext()
  }
}

/// A picture that could not be made.
public enum DiagramError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The DOT text does not parse.
  case dotSyntax(String)
  /// Graphviz could not lay the graph out.
  case layout(String)
  /// Graphviz could not render it.
  case render(String)
  /// The input cannot be drawn (a trace or history that does not fit), with the reason.
  case input(String)

  public var description: String {
    switch self {
    case .dotSyntax(let m): "DOT syntax error: \(m)"
    case .layout(let m), .render(let m), .input(let m): m
    }
  }
}

extension String {
  func trimmingCharacters() -> String {
    var s = Substring(self)
    while let last = s.last, last.isWhitespace { s = s.dropLast() }
    return String(s)
  }
}
